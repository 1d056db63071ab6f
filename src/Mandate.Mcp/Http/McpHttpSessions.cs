namespace Mandate.Mcp.Http;

using System.Collections.Concurrent;
using System.Security.Cryptography;
using Mandate.Core.Access;
using Mandate.Mcp.Catalog;
using Mandate.Mcp.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

/// <summary>One live Streamable HTTP session: the SDK transport and server, and Mandate's per-session state.</summary>
internal sealed class McpHttpSession : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private long _lastUsedTicks;
    private int _disposed;
    private int _active;

    public McpHttpSession(string id, Principal principal, McpServerOptionsFactory factory, IServiceProvider services, ILoggerFactory loggers)
    {
        Id = id;
        Tools = new ToolSession(id, principal);
        Transport = new StreamableHttpServerTransport(loggers) { SessionId = id };
        Server = McpServer.Create(Transport, factory.Create(Tools), loggers, services);
        _running = Server.RunAsync(_stop.Token);
        Touch();
    }

    public string Id { get; }

    public ToolSession Tools { get; }

    public StreamableHttpServerTransport Transport { get; }

    public McpServer Server { get; }

    public DateTimeOffset LastUsed => new(Interlocked.Read(ref _lastUsedTicks), TimeSpan.Zero);

    public void Touch() => Interlocked.Exchange(ref _lastUsedTicks, DateTimeOffset.UtcNow.UtcTicks);

    /// <summary>Requests in flight; a session serving one (e.g. a long GET stream) is never idle.</summary>
    public int Active => Volatile.Read(ref _active);

    /// <summary>Marks a request in flight until the returned scope is disposed.</summary>
    public ActiveRequest Enter()
    {
        Interlocked.Increment(ref _active);
        Touch();
        return new ActiveRequest(this);
    }

    public readonly struct ActiveRequest(McpHttpSession session) : IDisposable
    {
        public void Dispose()
        {
            session.Touch();
            Interlocked.Decrement(ref session._active);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        await Transport.DisposeAsync();
        await Server.DisposeAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // The session was ended; that is how RunAsync stops.
        }

        _stop.Dispose();
    }
}

/// <summary>
/// The live sessions, by Mcp-Session-Id. Ids are 128 random bits (unguessable, so knowing one is not enough:
/// every request must also carry the key that started the session). Idle sessions are ended by a sweeper.
/// </summary>
internal sealed class McpHttpSessions : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, McpHttpSession> _sessions = new(StringComparer.Ordinal);
    private readonly McpServerOptionsFactory _factory;
    private readonly IServiceProvider _services;
    private readonly ILoggerFactory _loggers;
    private readonly McpHttpOptions _options;
    private readonly Timer _sweeper;

    public McpHttpSessions(McpServerOptionsFactory factory, IServiceProvider services, ILoggerFactory loggers, McpHttpOptions options)
    {
        _factory = factory;
        _services = services;
        _loggers = loggers;
        _options = options;
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(1).Ticks, options.SessionIdleTimeout.Ticks / 4));
        _sweeper = new Timer(_ => _ = SweepAsync(), null, period, period);
    }

    public int Count => _sessions.Count;

    /// <summary>A new session for <paramref name="principal"/>, or null when <see cref="McpHttpOptions.MaxSessions"/> are live.</summary>
    public McpHttpSession? Start(Principal principal)
    {
        if (_sessions.Count >= _options.MaxSessions)
        {
            return null;
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var session = new McpHttpSession(id, principal, _factory, _services, _loggers);
        _sessions[id] = session;
        return session;
    }

    public McpHttpSession? Find(string id)
    {
        if (_sessions.TryGetValue(id, out var session))
        {
            session.Touch();
            return session;
        }

        return null;
    }

    public async ValueTask<bool> EndAsync(string id)
    {
        if (!_sessions.TryRemove(id, out var session))
        {
            return false;
        }

        await session.DisposeAsync();
        return true;
    }

    private async Task SweepAsync()
    {
        var cutoff = DateTimeOffset.UtcNow - _options.SessionIdleTimeout;
        foreach (var session in _sessions.Values.Where(s => s.Active == 0 && s.LastUsed < cutoff).ToList())
        {
            await EndAsync(session.Id);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _sweeper.DisposeAsync();
        foreach (var id in _sessions.Keys.ToList())
        {
            await EndAsync(id);
        }
    }
}
