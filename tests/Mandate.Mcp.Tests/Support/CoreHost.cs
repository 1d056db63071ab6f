namespace Mandate.Mcp.Tests.Support;

using Mandate.Core.Access;
using Mandate.Core.Application;
using Mandate.Core.Audit;
using Mandate.Core.Keys;
using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Mandate.Core.Stores;
using Mandate.Mcp.Hosting;
using Mandate.Mcp.Http;
using Mandate.Mcp.Providers;
using Mandate.Storage;
using Mandate.TestFixtures.Network;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;

/// <summary>
/// Mandate's Core over a fresh SQLite store in a temp directory, served on /mcp by a real Kestrel host on a free
/// loopback port, with three keys: an admin (write), an approver (write) and a reader (read-scoped).
/// </summary>
internal sealed class CoreHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectoryInfo _dir;

    private CoreHost(WebApplication app, DirectoryInfo dir, MandateCore core, Uri endpoint, Dictionary<string, string> keys)
    {
        _app = app;
        _dir = dir;
        Core = core;
        Endpoint = endpoint;
        Keys = keys;
    }

    public MandateCore Core { get; }

    public Uri Endpoint { get; }

    /// <summary>Plain-text keys by role: "admin", "approver", "reader".</summary>
    public IReadOnlyDictionary<string, string> Keys { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<CoreHost> StartAsync(IProviderResolver? resolver = null)
    {
        var dir = Directory.CreateTempSubdirectory("mandate-mcp-");
        var store = MandateStores.OpenSqlite(Path.Combine(dir.FullName, "mandate.db"));
        var core = await MandateCore.CreateAsync(store, new MandateCoreOptions
        {
            ProviderResolver = resolver,
            ProviderCacheDirectory = Path.Combine(dir.FullName, "providers"),
        });
        var keys = await IssueKeysAsync(core);

        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.Services.AddMandateMcp();
        builder.Services.AddSingleton(core);
        builder.Services.AddSingleton<IMcpAuthenticator, CoreApiKeyAuthenticator>();
        builder.Services.AddSingleton<IProviderCatalog>(new MirrorProviderCatalog(Mandate.TestFixtures.Aws.AwsProviderLocator.CandidateRoots()));
        var app = builder.Build();
        app.MapMandateMcp();
        await app.StartAsync();
        return new CoreHost(app, dir, core, new Uri($"http://127.0.0.1:{port}/mcp"), keys);
    }

    public async Task<McpClient> ConnectAsync(string role)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = Endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {Keys[role]}" },
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
        var issued = new ApiKeyFactory().Create(KeyScope.Write);
        var keyId = issued.Stored.KeyId;
        var now = DateTimeOffset.UtcNow;
        await using (var transaction = await core.Store.BeginAsync())
        {
            await transaction.Principals.CreateAsync(new PrincipalRecord(keyId, PrincipalKind.ApiKey, "test admin", now, null));
            await transaction.Principals.GrantAsync(new RoleGrant(new RoleBinding(keyId, SpaceId.Root, Role.Admin), "test", now));
            await transaction.Principals.CreateKeyAsync(keyId, issued.Stored);
            await transaction.CommitAsync();
        }

        var admin = new CallContext(await core.Authenticator.AuthenticateAsync(issued.PlainText, "127.0.0.1"), "setup");
        var approver = await core.Access.CreateApiKeyAsync(admin, new ApiKeyCreateRequest(KeyScope.Write, SpaceId.Root, Role.Approver, "test approver"));
        var reader = await core.Access.CreateApiKeyAsync(admin, new ApiKeyCreateRequest(KeyScope.Read, SpaceId.Root, Role.Reader, "test reader"));
        return new Dictionary<string, string>
        {
            ["admin"] = issued.PlainText,
            ["approver"] = approver.PlainText,
            ["reader"] = reader.PlainText,
        };
    }
}
