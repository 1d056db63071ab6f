namespace Mandate.Cli.Tests;

using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Mandate.TestFixtures.Network;
using Mandate.TestFixtures.Processes;

public sealed class ServeCommandTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), $"mandate-cli-test-{Guid.NewGuid():N}", "data");

    [Fact]
    public async Task Serve_answers_healthz_creates_its_data_dir_and_stops_cleanly_on_SIGTERM()
    {
        var port = FreePort.Next();
        await using var server = MandateProgram.Start("serve", "--urls", $"http://127.0.0.1:{port}", "--data-dir", _dataDir);
        await Readiness.WaitForTcpAsync(port, () => server.HasExited, () => server.RecentOutput);

        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("version").GetString()));
        Assert.True(Directory.Exists(_dataDir), "data dir was not created");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_dataDir));
        }

        Signals.Terminate(server.Pid);
        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(0, exitCode);
        Assert.Contains("shutting down", server.RecentOutput, StringComparison.OrdinalIgnoreCase);
        Assert.False(ProcessLiveness.IsAlive(server.Pid));
    }

    [Fact]
    public async Task Serve_stops_cleanly_on_ctrl_c()
    {
        var port = FreePort.Next();
        await using var server = MandateProgram.Start("serve", "--urls", $"http://127.0.0.1:{port}", "--data-dir", _dataDir);
        await Readiness.WaitForTcpAsync(port, () => server.HasExited, () => server.RecentOutput);

        Signals.Interrupt(server.Pid);

        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task Serve_on_a_port_in_use_fails_with_one_line_naming_the_port()
    {
        using var occupier = new TcpListener(IPAddress.Loopback, 0);
        occupier.Start();
        var port = ((IPEndPoint)occupier.LocalEndpoint).Port;

        var (exitCode, stdout, stderr) = await MandateProgram.RunAsync("serve", "--urls", $"http://127.0.0.1:{port}", "--data-dir", _dataDir);

        Assert.NotEqual(0, exitCode);
        var errorLines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(errorLines);
        Assert.Contains($"port {port} is already in use", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stdout + stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "serve", "--no-such-option" }, "--no-such-option")]
    [InlineData(new[] { "serve", "--urls", "not-a-url" }, "not-a-url")]
    [InlineData(new[] { "serve", "--urls", "http://127.0.0.1:5080/mcp" }, "has a path")]
    [InlineData(new[] { "launch" }, "launch")]
    public async Task Bad_options_give_one_clear_line_and_a_usage_exit_code(string[] arguments, string named)
    {
        var (exitCode, stdout, stderr) = await MandateProgram.RunAsync(arguments);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("mandate: ", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout);
    }

    [Fact]
    public async Task Version_prints_the_product_version()
    {
        var (exitCode, stdout, _) = await MandateProgram.RunAsync("version");

        Assert.Equal(0, exitCode);
        Assert.Matches(@"^mandate \d+\.\d+\.\d+ \(\.NET \d+", stdout);
    }

    public void Dispose()
    {
        var root = Path.GetDirectoryName(_dataDir)!;
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
