namespace Mandate.Mcp.Interop.Tests.Support;

/// <summary>One keyed MCP endpoint (anonymous access off, the default) per test class, stopped at the end.</summary>
public sealed class KeyedTargetFixture : IAsyncLifetime
{
    private McpTarget? _target;

    internal McpTarget Target => _target ?? throw new InvalidOperationException("the MCP endpoint has not started");

    public async Task InitializeAsync() => _target = await McpTarget.StartAsync(anonymousRead: false);

    public async Task DisposeAsync()
    {
        if (_target is not null)
        {
            await _target.DisposeAsync();
        }
    }
}

/// <summary>An MCP endpoint on loopback with anonymous read-only access explicitly on (the conformance suite sends no key).</summary>
public sealed class AnonymousTargetFixture : IAsyncLifetime
{
    private McpTarget? _target;

    internal McpTarget Target => _target ?? throw new InvalidOperationException("the MCP endpoint has not started");

    public async Task InitializeAsync() => _target = await McpTarget.StartAsync(anonymousRead: true);

    public async Task DisposeAsync()
    {
        if (_target is not null)
        {
            await _target.DisposeAsync();
        }
    }
}
