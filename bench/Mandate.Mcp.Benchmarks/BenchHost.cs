namespace Mandate.Mcp.Benchmarks;

using System.Text.Json.Nodes;
using Mandate.Core.Access;
using Mandate.Core.Application;
using Mandate.Core.Keys;
using Mandate.Core.Model;
using Mandate.Mcp.Hosting;
using Mandate.Mcp.Http;
using Mandate.Storage;
using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Keys;
using Mandate.TestFixtures.Network;
using Mandate.TestFixtures.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

/// <summary>
/// Mandate's Core over a fresh SQLite store, served on /mcp by Kestrel on a loopback port (the same composition
/// as `mandate serve`), creating DynamoDB tables through the real AWS provider in dynalite; one admin key.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    public const string Project = "bench";

    private readonly WebApplication _app;
    private readonly DynaliteServer _dynalite;
    private readonly DirectoryInfo _dir;

    private BenchHost(WebApplication app, DynaliteServer dynalite, DirectoryInfo dir, MandateCore core, Uri endpoint, string key, CallContext admin, string projectId)
    {
        _app = app;
        _dynalite = dynalite;
        _dir = dir;
        Core = core;
        Endpoint = endpoint;
        Key = key;
        Admin = admin;
        ProjectId = projectId;
    }

    public MandateCore Core { get; }

    public Uri Endpoint { get; }

    public string Key { get; }

    /// <summary>The admin key's principal, for calls straight through Core's facade.</summary>
    public CallContext Admin { get; }

    public string ProjectId { get; }

    public static async Task<BenchHost> StartAsync()
    {
        var dynalite = await DynaliteServer.StartAsync();
        var dir = Directory.CreateTempSubdirectory("mandate-mcp-bench-");
        var core = await MandateCore.CreateAsync(MandateStores.OpenSqlite(Path.Combine(dir.FullName, "mandate.db")), new MandateCoreOptions
        {
            ProviderResolver = await LocalAwsProvider.CreateAsync(dynalite.Endpoint),
            ProviderCacheDirectory = Path.Combine(dir.FullName, "providers"),
        });
        var key = await StoreKeys.IssueAsync(core.Store, Mandate.Core.Access.Role.Admin, KeyScope.Write, "bench admin");
        var admin = new CallContext(await core.Authenticator.AuthenticateAsync(key, "127.0.0.1"), "bench-direct");
        var project = await core.Projects.CreateAsync(admin, new ProjectCreateRequest(SpaceId.Root, Project));

        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.Services.AddMandateMcp();
        builder.Services.AddSingleton(core);
        builder.Services.AddSingleton<IMcpAuthenticator, CoreApiKeyAuthenticator>();
        var app = builder.Build();
        app.MapMandateMcp();
        await app.StartAsync();
        return new BenchHost(app, dynalite, dir, core, new Uri($"http://127.0.0.1:{port}/mcp"), key, admin, project.Id);
    }

    public async Task<McpClient> ConnectAsync() =>
        await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = Endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {Key}" },
        }));

    /// <summary>A pay-per-request table config named <paramref name="table"/>.</summary>
    public static JsonObject TableConfig(string table) => new()
    {
        ["name"] = table,
        ["hash_key"] = "id",
        ["billing_mode"] = "PAY_PER_REQUEST",
        ["attribute"] = new JsonArray(new JsonObject { ["name"] = "id", ["type"] = "S" }),
    };

    /// <summary>The tool's JSON result; a tool error stops the benchmark rather than being timed as a success.</summary>
    public static JsonNode Ok(CallToolResult result, string tool)
    {
        var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));
        return result.IsError == true ? throw new InvalidOperationException($"{tool} failed: {text}") : JsonNode.Parse(text)!;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Core.DisposeAsync();
        await _dynalite.DisposeAsync();
        _dir.Delete(recursive: true);
    }
}
