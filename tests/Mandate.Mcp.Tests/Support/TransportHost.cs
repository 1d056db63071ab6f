namespace Mandate.Mcp.Tests.Support;

using System.Net.Http.Headers;
using Mandate.Mcp.Hosting;
using Mandate.Mcp.Http;
using Mandate.Mcp.Providers;
using Mandate.TestFixtures.Network;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;

/// <summary>
/// A real Kestrel host on a free loopback port serving /mcp with the provider tools and <see cref="TestKeys"/>:
/// enough to test the transport, authentication and catalog without Core.
/// </summary>
internal sealed class TransportHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TransportHost(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<TransportHost> StartAsync(Action<McpHttpOptions>? configure = null)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.Services.AddMandateMcp(configure);
        builder.Services.AddSingleton<IMcpAuthenticator, TestKeys>();
        builder.Services.AddSingleton<IProviderCatalog>(new MirrorProviderCatalog(Mandate.TestFixtures.Aws.AwsProviderLocator.CandidateRoots()));
        var app = builder.Build();
        app.MapMandateMcp();
        await app.StartAsync();
        return new TransportHost(app, new Uri($"http://127.0.0.1:{port}/mcp"));
    }

    public async Task<McpClient> ConnectAsync(string? key = TestKeys.Write)
    {
        var headers = new Dictionary<string, string>();
        if (key is not null)
        {
            headers["Authorization"] = $"Bearer {key}";
        }

        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = Endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = headers,
        });
        return await McpClient.CreateAsync(transport);
    }

    public HttpClient RawClient(string? key = TestKeys.Write)
    {
        var client = new HttpClient { BaseAddress = Endpoint };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
