namespace Mandate.TestFixtures.Servers;

using Mandate.TestFixtures.Network;
using Mandate.TestFixtures.Processes;

/// <summary>An S3 endpoint (s3rver, files in a temp dir) on a free loopback port.</summary>
public sealed class S3rverServer : IAsyncDisposable
{
    /// <summary>s3rver accepts exactly this access key id and secret.</summary>
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private readonly ManagedProcess _process;
    private readonly string _directory;

    private S3rverServer(ManagedProcess process, int port, string directory)
    {
        _process = process;
        Port = port;
        _directory = directory;
    }

    public int Port { get; }

    public int Pid => _process.Pid;

    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    public static async Task<S3rverServer> StartAsync()
    {
        var port = FreePort.Next();
        var directory = Directory.CreateTempSubdirectory("mandate-s3rver-").FullName;
        var process = ManagedProcess.Start(
            NodeTool.Node(),
            [NodeTool.Script("s3rver", Path.Combine("bin", "s3rver.js")), "--directory", directory, "--address", "127.0.0.1",
                "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent"],
            "s3rver");
        try
        {
            await Readiness.WaitForTcpAsync(port, () => process.HasExited, () => $"s3rver (pid {process.Pid}): {process.RecentOutput}");
        }
        catch
        {
            await process.DisposeAsync();
            Directory.Delete(directory, recursive: true);
            throw;
        }

        return new S3rverServer(process, port, directory);
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
