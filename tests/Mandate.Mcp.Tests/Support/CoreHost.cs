namespace Mandate.Mcp.Tests.Support;

using Mandate.Core.Access;
using Mandate.Core.Application;
using Mandate.Core.Audit;
using Mandate.Core.Keys;
using Mandate.Core.Model;
using Mandate.Core.Stores;
using Mandate.Server;
using Mandate.TestFixtures.Keys;
using Mandate.TestFixtures.Network;
using Microsoft.AspNetCore.Builder;
using ModelContextProtocol.Client;

/// <summary>
/// The server `mandate serve` builds (<see cref="MandateWebHost"/>: REST under /api/v1 and MCP on /mcp, with
/// Core's background work) over a fresh SQLite store in a private data directory, on real Kestrel at a free
/// loopback port, with three keys: an admin (write), an approver (write) and a reader (read-scoped). Providers
/// come from the mirrors and are configured by the projects' cloud integrations, as in production.
/// </summary>
internal sealed class CoreHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectoryInfo _dir;

    private CoreHost(WebApplication app, DirectoryInfo dir, string dataDirectory, MandateCore core, Uri address, Dictionary<string, string> keys)
    {
        _app = app;
        _dir = dir;
        DataDirectory = dataDirectory;
        Core = core;
        Endpoint = new Uri(address, "/mcp");
        Api = new Uri(address, "/api/v1/");
        Keys = keys;
    }

    public MandateCore Core { get; }

    /// <summary>The data directory (store and secrets key), which `mandate mcp` may share.</summary>
    public string DataDirectory { get; }

    /// <summary>The MCP endpoint.</summary>
    public Uri Endpoint { get; }

    /// <summary>The REST API's base address.</summary>
    public Uri Api { get; }

    /// <summary>Plain-text keys by role: "admin", "approver", "reader".</summary>
    public IReadOnlyDictionary<string, string> Keys { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="runBackgroundWork">Whether the host runs Core's worker and recovery, as `mandate serve` does (off to see what only a client's call does).</param>
    /// <param name="logs">Where every log line goes as well, down to trace level: the web host's and the providers'.</param>
    public static async Task<CoreHost> StartAsync(bool runBackgroundWork = true, CapturedLogs? logs = null)
    {
        var dir = Directory.CreateTempSubdirectory("mandate-mcp-");
        var dataDirectory = Mandate.Server.DataDirectory.Prepare(Path.Combine(dir.FullName, "data")); // private (0700), as serve makes it
        var core = await MandateCoreFactory.CreateAsync(dataDirectory, options: logs is null
            ? null
            : new MandateCoreOptions { ProviderPool = new Mandate.Providers.Pool.ProviderPoolOptions { Log = logs } });
        var keys = await IssueKeysAsync(core);
        var address = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var app = MandateWebHost.Build(new ServerOptions(address.ToString().TrimEnd('/'), dataDirectory)
        {
            Core = core, RunBackgroundWork = runBackgroundWork, Logging = logs is null ? null : logs.AddTo,
        });
        await app.StartAsync();
        return new CoreHost(app, dir, dataDirectory, core, address, keys);
    }

    /// <summary>A client for /api/v1 with a role's key.</summary>
    public HttpClient RestClient(string role)
    {
        var client = new HttpClient { BaseAddress = Api };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Keys[role]);
        return client;
    }

    public Task<McpClient> ConnectAsync(string role) => ConnectWithKeyAsync(Keys[role]);

    /// <summary>An MCP client sending <paramref name="plainKey"/> (a key a test issued itself).</summary>
    public async Task<McpClient> ConnectWithKeyAsync(string plainKey)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = Endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {plainKey}" },
        });
        return await McpClient.CreateAsync(transport);
    }

    public HttpClient RawClient(string role)
    {
        var client = new HttpClient { BaseAddress = Endpoint };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Keys[role]);
        return client;
    }

    /// <summary>The principal a key authenticates as, for calls made straight through Core's facade.</summary>
    public Task<Principal> PrincipalAsync(string role) => Core.Authenticator.AuthenticateAsync(Keys[role], "127.0.0.1");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Core.DisposeAsync();
        _dir.Delete(recursive: true);
    }

    // The first admin is written straight into the store, as `mandate serve` does on first start; the others
    // are issued by that admin through Core.
    private static async Task<Dictionary<string, string>> IssueKeysAsync(MandateCore core)
    {
        var adminKey = await StoreKeys.IssueAsync(core.Store, Role.Admin, KeyScope.Write, "test admin");
        var admin = new CallContext(await core.Authenticator.AuthenticateAsync(adminKey, "127.0.0.1"), "setup");
        var approver = await core.Access.CreateApiKeyAsync(admin, new ApiKeyCreateRequest(KeyScope.Write, SpaceId.Root, Role.Approver, "test approver"));
        var reader = await core.Access.CreateApiKeyAsync(admin, new ApiKeyCreateRequest(KeyScope.Read, SpaceId.Root, Role.Reader, "test reader"));
        return new Dictionary<string, string>
        {
            ["admin"] = adminKey,
            ["approver"] = approver.PlainText,
            ["reader"] = reader.PlainText,
        };
    }
}
