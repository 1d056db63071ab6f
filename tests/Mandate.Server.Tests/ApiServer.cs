namespace Mandate.Server.Tests;

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Mandate.Core.Access;
using Mandate.Core.Application;
using Mandate.Core.Audit;
using Mandate.Core.Keys;
using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Mandate.Core.Stores;
using Mandate.Storage;
using Mandate.TestFixtures.Keys;
using Mandate.TestFixtures.Network;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

/// <summary>
/// The server as `mandate serve` builds it (MandateWebHost), on real Kestrel at a free loopback port, over a
/// new SQLite store in a temporary directory, with an admin key issued straight into the store.
/// </summary>
internal sealed class ApiServer : IAsyncDisposable
{
    private readonly string _root;
    private readonly WebApplication _app;

    private ApiServer(string root, WebApplication app, MandateCore core, Uri address, string adminKey)
    {
        _root = root;
        _app = app;
        Core = core;
        Address = address;
        AdminKey = adminKey;
    }

    public MandateCore Core { get; }

    public Uri Address { get; }

    public string AdminKey { get; }

    public IMandateStore Store => Core.Store;

    /// <summary>Every endpoint the host mapped.</summary>
    public IEnumerable<Endpoint> Endpoints() => ((IEndpointRouteBuilder)_app).DataSources.SelectMany(d => d.Endpoints);

    public static async Task<ApiServer> StartAsync(IProviderResolver? resolver = null)
    {
        var root = Path.Combine(Path.GetTempPath(), $"mandate-rest-{Guid.NewGuid():N}");
        var dataDir = Directory.CreateDirectory(Path.Combine(root, "data")).FullName;
        var store = MandateStores.OpenSqlite(Path.Combine(dataDir, "mandate.db"));
        var core = await MandateCore.CreateAsync(store, new MandateCoreOptions
        {
            ProviderResolver = resolver,
            ProviderCacheDirectory = Path.Combine(root, "providers"),
        });
        var admin = await IssueKeyAsync(store, Role.Admin, KeyScope.Write, "test admin");
        var port = FreePort.Next();
        var app = MandateWebHost.Build(new ServerOptions($"http://127.0.0.1:{port}", dataDir) { Core = core });
        await app.StartAsync();
        return new ApiServer(root, app, core, new Uri($"http://127.0.0.1:{port}"), admin);
    }

    /// <summary>Issues a key straight into the store (the bootstrap path), bypassing the API under test.</summary>
    public static Task<string> IssueKeyAsync(IMandateStore store, Role role, KeyScope scope, string name, string space = SpaceId.RootName) =>
        StoreKeys.IssueAsync(store, role, scope, name, new SpaceId(space));

    public Task<string> IssueKeyAsync(Role role, KeyScope scope = KeyScope.Write, string? name = null) =>
        IssueKeyAsync(Store, role, scope, name ?? role.ToWireName());

    /// <summary>A client for /api/v1 sending <paramref name="key"/> as a bearer token (none when null).</summary>
    public HttpClient Client(string? key)
    {
        var http = new HttpClient { BaseAddress = new Uri(Address, "/api/v1/") };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return http;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Core.DisposeAsync();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}

/// <summary>Small helpers for JSON requests and answers.</summary>
internal static class Http
{
    public static StringContent Json(string json, string contentType = "application/json") =>
        new(json, Encoding.UTF8, contentType);

    public static StringContent Json(JsonNode json) => Json(json.ToJsonString());

    public static async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(this HttpClient http, HttpMethod method, string path,
        HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    public static Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> GetJsonAsync(this HttpClient http, string path) =>
        http.SendAsync(HttpMethod.Get, path);

    public static Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> PostJsonAsync(this HttpClient http, string path, string json) =>
        http.SendAsync(HttpMethod.Post, path, Json(json));

    public static string Str(this JsonNode? node, string name) => node?[name]?.GetValue<string>()
        ?? throw new InvalidOperationException($"no string '{name}' in {node?.ToJsonString()}");
}
