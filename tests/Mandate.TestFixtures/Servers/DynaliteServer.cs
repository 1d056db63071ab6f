namespace Mandate.TestFixtures.Servers;

using Mandate.TestFixtures.Network;
using Mandate.TestFixtures.Processes;

/// <summary>A DynamoDB endpoint (dynalite, in memory) on a free loopback port.</summary>
public sealed class DynaliteServer : IAsyncDisposable
{
    private readonly ManagedProcess _process;

    private DynaliteServer(ManagedProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int Pid => _process.Pid;

    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    /// <summary>
    /// Starts dynalite with table state changes made instant: by default it waits ~0.5 s on every
    /// create/delete/update, which would dominate every provider test and benchmark.
    /// </summary>
    public static async Task<DynaliteServer> StartAsync()
    {
        var port = FreePort.Next();
        var process = ManagedProcess.Start(
            NodeTool.Node(),
            [NodeTool.Script("dynalite", "cli.js"), "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"],
            "dynalite");
        try
        {
            await Readiness.WaitForTcpAsync(port, () => process.HasExited, () => $"dynalite (pid {process.Pid}): {process.RecentOutput}");
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return new DynaliteServer(process, port);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
