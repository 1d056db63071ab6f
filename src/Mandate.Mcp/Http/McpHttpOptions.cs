namespace Mandate.Mcp.Http;

/// <summary>How <c>/mcp</c> guards itself. Defaults suit a loopback install.</summary>
public sealed class McpHttpOptions
{
    /// <summary>The largest request body accepted; bigger ones get 413 before they are read.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Browser origins allowed besides loopback ones (e.g. <c>https://console.example.com</c>). A request
    /// with any other <c>Origin</c> gets 403: the defence against DNS rebinding the spec asks for.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>Host names allowed in the <c>Host</c> header besides loopback names and the bound addresses.</summary>
    public IList<string> AllowedHosts { get; } = [];

    /// <summary>
    /// Sessions without an API key get a read-only anonymous identity (for conformance suites and local
    /// trials). Off by default; the host refuses it unless every bind address is loopback
    /// (<see cref="LoopbackAddresses.EnsureAnonymousAllowed"/>).
    /// </summary>
    public bool AllowAnonymousRead { get; set; }

    /// <summary>A session unused this long is ended (its id then gets 404, and the client starts a new one).</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>At most this many live sessions; more get 503 until some end.</summary>
    public int MaxSessions { get; set; } = 1000;
}
