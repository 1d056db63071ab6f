namespace Mandate.TestFixtures.Servers;

using System.Globalization;
using System.Text.Json.Nodes;
using Mandate.TestFixtures.Network;
using Mandate.TestFixtures.Processes;

/// <summary>
/// An SSM Parameter Store endpoint (the Mandate.SsmEmulator process, in memory) on a free loopback port. It serves
/// the actions hashicorp/aws calls for <c>aws_ssm_parameter</c>, whose <c>value</c> the provider marks sensitive.
/// </summary>
public sealed class SsmEmulatorServer : IAsyncDisposable
{
    /// <summary>The account the emulator's ARNs name (its ParameterStore.Account).</summary>
    public const string Account = "123456789012";

    private readonly ManagedProcess _process;

    private SsmEmulatorServer(ManagedProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int Pid => _process.Pid;

    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    /// <summary>What the emulator printed last (one line per call: action and parameter name, never a value).</summary>
    public string RecentOutput => _process.RecentOutput;

    public static async Task<SsmEmulatorServer> StartAsync()
    {
        var port = FreePort.Next();
        var process = ManagedProcess.Start(EmulatorExecutable(), ["--port", port.ToString(CultureInfo.InvariantCulture)], "ssm emulator");
        try
        {
            await Readiness.WaitForTcpAsync(port, () => process.HasExited, () => $"ssm emulator (pid {process.Pid}): {process.RecentOutput}");
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return new SsmEmulatorServer(process, port);
    }

    /// <summary>How often each action was called, and the actions asked for that the emulator does not implement.</summary>
    public async Task<(IReadOnlyDictionary<string, int> Calls, IReadOnlyList<string> Unknown)> CallsAsync()
    {
        using var http = new HttpClient { BaseAddress = Endpoint };
        var report = JsonNode.Parse(await http.GetStringAsync(new Uri("/__emulator/calls", UriKind.Relative)))!;
        return (report["calls"]!.AsObject().ToDictionary(c => c.Key, c => c.Value!.GetValue<int>(), StringComparer.Ordinal),
            report["unknown"]!.AsArray().Select(u => u!.GetValue<string>()).ToList());
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    // The emulator's app host, built beside the test project (Mandate.TestFixtures references it without its assembly), in the same configuration.
    private static string EmulatorExecutable()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (here.Name, here.Parent?.Name ?? "Debug");
        var bin = Path.Combine(RepoPaths.RepositoryRoot, "tests", "Mandate.SsmEmulator", "bin");
        var host = Path.Combine(bin, configuration, framework, OperatingSystem.IsWindows() ? "Mandate.SsmEmulator.exe" : "Mandate.SsmEmulator");
        return File.Exists(host)
            ? host
            : throw new FileNotFoundException($"the SSM emulator is not built at '{host}': build tests/Mandate.SsmEmulator (Mandate.TestFixtures builds it as a reference)", host);
    }
}
