namespace Mandate.Mcp.Interop.Tests.Support;

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Mandate.Mcp.Hosting;
using Mandate.Mcp.Http;
using Mandate.TestFixtures.Network;
using Mandate.TestFixtures.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// A Mandate MCP endpoint on a free loopback port for third-party clients: a real `mandate serve` process
/// with keys from `mandate admin create-key`. A build whose `serve` does not answer on /mcp (404) gets the
/// same Mandate.Mcp endpoint hosted in-process on Kestrel instead, with the provider tools only;
/// <see cref="Description"/> says which one a test ran against.
/// </summary>
internal sealed partial class McpTarget : IAsyncDisposable
{
    private readonly Func<ValueTask> _stop;

    private McpTarget(Uri endpoint, string writeKey, string readKey, string description, Func<ValueTask> stop)
    {
        Endpoint = endpoint;
        WriteKey = writeKey;
        ReadKey = readKey;
        Description = description;
        _stop = stop;
    }

    public Uri Endpoint { get; }

    public string WriteKey { get; }

    public string ReadKey { get; }

    public string Description { get; }

    // Asked once per test run: does this build's `mandate serve` answer on /mcp?
    private static readonly Lazy<Task<bool>> ServeHasMcp = new(ProbeServeAsync);

    /// <param name="anonymousRead">Start with anonymous read-only access on (the conformance suite sends no key).</param>
    public static async Task<McpTarget> StartAsync(bool anonymousRead)
        => await ServeHasMcp.Value
            ? await StartServeAsync(anonymousRead) ?? throw new InvalidOperationException("`mandate serve` stopped answering on /mcp")
            : await StartInProcessAsync(anonymousRead);

    public ValueTask DisposeAsync() => _stop();

    private static async Task<bool> ProbeServeAsync()
    {
        var probe = await StartServeAsync(anonymousRead: false);
        if (probe is null)
        {
            return false;
        }

        await probe.DisposeAsync();
        return true;
    }

    // `mandate serve` on its own data directory; null when this build's serve has no /mcp (404).
    private static async Task<McpTarget?> StartServeAsync(bool anonymousRead)
    {
        // Looked up before anything is created, so a missing option leaves no data directory behind.
        var anonymousOption = anonymousRead ? await AnonymousOptionAsync() : null;
        var dataDir = Path.Combine(Path.GetTempPath(), $"mandate-interop-{Guid.NewGuid():N}");
        var writeKey = await MandateProgram.CreateKeyAsync(dataDir, "write");
        var readKey = await MandateProgram.CreateKeyAsync(dataDir, "read");
        var port = FreePort.Next();
        List<string> arguments = [MandateProgram.Dll, "serve", "--urls", $"http://127.0.0.1:{port}", "--data-dir", dataDir];
        if (anonymousOption is not null)
        {
            arguments.Add(anonymousOption);
        }

        var server = ManagedProcess.Start(MandateProgram.DotnetHost, arguments, "mandate serve");
        async ValueTask Stop()
        {
            await server.DisposeAsync();
            Directory.Delete(dataDir, recursive: true);
        }

        try
        {
            await Readiness.WaitForTcpAsync(port, () => server.HasExited, () => $"mandate serve (pid {server.Pid}): {server.RecentOutput}");
            var endpoint = new Uri($"http://127.0.0.1:{port}/mcp");
            if (!await ServesMcpAsync(endpoint, writeKey))
            {
                await Stop();
                return null;
            }

            return new McpTarget(endpoint, writeKey, readKey, $"mandate serve (pid {server.Pid}) at {endpoint}", Stop);
        }
        catch
        {
            await Stop();
            throw;
        }
    }

    private static async Task<McpTarget> StartInProcessAsync(bool anonymousRead)
    {
        var port = FreePort.Next();
        var keys = new FixedKeys();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.Services.AddMandateMcp(options => options.AllowAnonymousRead = anonymousRead);
        builder.Services.AddSingleton<IMcpAuthenticator>(keys);
        var app = builder.Build();
        app.MapMandateMcp();
        await app.StartAsync();
        var endpoint = new Uri($"http://127.0.0.1:{port}/mcp");
        return new McpTarget(endpoint, keys.Write, keys.Read,
            $"the Mandate.Mcp endpoint hosted in-process at {endpoint} (this build's `mandate serve` has no /mcp yet)",
            async () =>
            {
                await app.StopAsync();
                await app.DisposeAsync();
            });
    }

    // An initialize the way a client sends it: anything but 404 means /mcp is mapped.
    private static async Task<bool> ServesMcpAsync(Uri endpoint, string key)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new StringContent(
                """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"probe","version":"1"}}}""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await http.SendAsync(request);
        return response.StatusCode != HttpStatusCode.NotFound;
    }

    // The serve option that turns anonymous read-only access on, found by name in `serve --help` so the
    // tests follow the option wherever the server names it.
    private static async Task<string> AnonymousOptionAsync()
    {
        var help = await MandateProgram.RunAsync("serve", "--help");
        return AnonymousOption().Match(help.Stdout) is { Success: true } match
            ? match.Value
            : throw new InvalidOperationException("`mandate serve --help` lists no option for anonymous read-only access:\n" + help.Report);
    }

    [GeneratedRegex(@"--[a-z-]*anonymous[a-z-]*")]
    private static partial Regex AnonymousOption();
}
