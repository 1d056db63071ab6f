namespace Mandate.TestFixtures.Servers;

using System.Diagnostics;
using System.Globalization;
using Mandate.TestFixtures.Network;
using Mandate.TestFixtures.Processes;
using Npgsql;

/// <summary>
/// A throw-away PostgreSQL cluster: `initdb` into a temp dir, `pg_ctl start` on a free loopback port,
/// trust authentication for a `mandate` superuser, fsync off (nothing here must survive a power cut).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string Superuser = "mandate";
    private readonly PostgresBinaries _binaries;
    private readonly string _root;
    private int _databases;

    private PostgresServer(PostgresBinaries binaries, string root, int port, int pid)
    {
        _binaries = binaries;
        _root = root;
        Port = port;
        Pid = pid;
    }

    public int Port { get; }

    /// <summary>The postmaster's PID, read from postmaster.pid.</summary>
    public int Pid { get; }

    private string DataDirectory => Path.Combine(_root, "data");

    /// <summary>
    /// A connection string for <paramref name="database"/>, pooled as in production: without pooling every store call
    /// opens a new server session (a backend process fork, startup and type loading), ~18 ms each here instead of ~1 ms.
    /// Pooled connections close when their store (its NpgsqlDataSource) is disposed; <c>pg_ctl stop -m fast</c> ends any left.
    /// </summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={Superuser};Database={database}";

    public static async Task<PostgresServer> StartAsync()
    {
        var binaries = PostgresBinaries.Locate();
        var root = Directory.CreateTempSubdirectory("mandate-pg-").FullName;
        var port = FreePort.Next();
        try
        {
            binaries.GiveToServerUser(root);
            var data = Path.Combine(root, "data");
            await binaries.RunAsync("initdb", ["-D", data, "-U", Superuser, "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C"], TimeSpan.FromSeconds(120));
            var serverOptions = string.Join(' ',
                "-p", port.ToString(CultureInfo.InvariantCulture), "-k", root, "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
            await binaries.RunAsync("pg_ctl", ["start", "-w", "-t", "60", "-D", data, "-l", Path.Combine(root, "server.log"), "-o", serverOptions], TimeSpan.FromSeconds(90));
            var pid = int.Parse((await File.ReadAllLinesAsync(Path.Combine(data, "postmaster.pid")))[0], CultureInfo.InvariantCulture);
            return new PostgresServer(binaries, root, port, pid);
        }
        catch (Exception e)
        {
            var log = Path.Combine(root, "server.log");
            var detail = File.Exists(log) ? $"{Environment.NewLine}server.log:{Environment.NewLine}{await File.ReadAllTextAsync(log)}" : string.Empty;
            TryDelete(root);
            throw new InvalidOperationException($"PostgreSQL did not start: {e.Message}{detail}", e);
        }
    }

    /// <summary>A fresh, empty database (one per test class keeps tests independent).</summary>
    public async Task<string> CreateDatabaseAsync(string? prefix = null)
    {
        var name = $"{prefix ?? "test"}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}".ToLowerInvariant();
        // PostgreSQL truncates identifiers beyond 63 bytes; keep names whole so they stay unique.
        name = name.Length <= 63 ? name : name[..63];
        // One-off administrative connection: not pooled, so no idle session lingers on the maintenance database.
        await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _binaries.RunAsync("pg_ctl", ["stop", "-w", "-t", "30", "-m", "fast", "-D", DataDirectory], TimeSpan.FromSeconds(45));
        }
        catch (InvalidOperationException)
        {
            // The PID check below is the arbiter; a failed `pg_ctl stop` falls through to SIGKILL.
        }

        if (!await ProcessLiveness.WaitUntilGoneAsync(Pid, TimeSpan.FromSeconds(10)))
        {
            Signals.Kill(Pid);
            await ProcessLiveness.WaitUntilGoneAsync(Pid, TimeSpan.FromSeconds(10));
        }

        TryDelete(_root);
    }

    private static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
