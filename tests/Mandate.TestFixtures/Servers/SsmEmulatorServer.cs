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

    /// <summary>
    /// Starts the emulator on a free port. The port comes from the kernel's ephemeral range, which other processes (other
    /// test assemblies, outgoing connections) draw from too, so a connect alone could reach someone else's listener while
    /// ours failed to bind: ready means our process printed that it listens on that port. A clash is retried on a new port.
    /// </summary>
    public static async Task<SsmEmulatorServer> StartAsync()
    {
        const int Attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var process = ManagedProcess.Start(EmulatorExecutable(), ["--port", port.ToString(CultureInfo.InvariantCulture)], "ssm emulator");
            try
            {
                await Readiness.WaitForTcpAsync(port, () => process.HasExited, () => $"ssm emulator (pid {process.Pid}): {process.RecentOutput}");
                await WaitForOwnListenerAsync(process, port);
                return new SsmEmulatorServer(process, port);
            }
            catch (InvalidOperationException) when (attempt < Attempts && process.RecentOutput.Contains("cannot listen", StringComparison.Ordinal))
            {
                await process.DisposeAsync();
            }
            catch
            {
                await process.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Whether the process is still running (a test that fails talking to the emulator says so).</summary>
    public bool IsRunning => !_process.HasExited;

    private static async Task WaitForOwnListenerAsync(ManagedProcess process, int port)
    {
        var listening = $"listening on http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/";
        for (var waited = 0; !process.RecentOutput.Contains(listening, StringComparison.Ordinal); waited += 20)
        {
            if (process.HasExited || waited >= (int)Readiness.DefaultTimeout.TotalMilliseconds)
            {
                throw new InvalidOperationException($"ssm emulator (pid {process.Pid}) is not the one listening on port {port}: {process.RecentOutput}");
            }

            await Task.Delay(20);
        }
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
