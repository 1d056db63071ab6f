namespace Mandate.Cli.Commands;

using System.CommandLine;
using Mandate.Mcp.Http;
using Mandate.Server;

/// <summary>`mandate serve`'s options for /mcp.</summary>
internal sealed class McpServeOptions
{
    private readonly Option<bool> _anonymous = new("--mcp-anonymous-read")
    {
        Description = "Let MCP clients without an API key read (never change) through /mcp. Only when every --urls address is loopback; for conformance suites and local trials.",
    };

    private readonly Option<string[]> _origins = new("--mcp-allowed-origin")
    {
        Description = "A browser origin allowed to call /mcp besides loopback ones, e.g. https://console.example.com (repeatable).",
    };

    private readonly Option<string[]> _hosts = new("--mcp-allowed-host")
    {
        Description = "A Host header name allowed on /mcp besides loopback names and bound addresses, e.g. mandate.internal (repeatable).",
    };

    public void AddTo(Command command, Option<string> urls)
    {
        command.Options.Add(_anonymous);
        command.Options.Add(_origins);
        command.Options.Add(_hosts);
        command.Validators.Add(result =>
        {
            if (result.GetValue(_anonymous) && LoopbackAddresses.EnsureAnonymousAllowed(result.GetValue(urls) ?? string.Empty) is { } refusal)
            {
                result.AddError("--mcp-anonymous-read: " + refusal);
            }
        });
    }

    public McpSurfaceOptions Read(ParseResult parsed) => new()
    {
        AllowAnonymousRead = parsed.GetValue(_anonymous),
        AllowedOrigins = parsed.GetValue(_origins) ?? [],
        AllowedHosts = parsed.GetValue(_hosts) ?? [],
    };
}
