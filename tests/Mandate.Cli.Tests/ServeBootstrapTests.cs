namespace Mandate.Cli.Tests;

using System.Text.RegularExpressions;
using Mandate.Core.Keys;
using Mandate.TestFixtures.Network;
using Mandate.TestFixtures.Processes;
using Microsoft.Data.Sqlite;

public sealed partial class ServeBootstrapTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), $"mandate-bootstrap-{Guid.NewGuid():N}");

    [Fact]
    public async Task The_first_start_prints_an_admin_key_once_and_later_starts_do_not()
    {
        var first = await RunServeUntilAsync(output => output.Contains("first start", StringComparison.Ordinal));
        var second = await RunServeUntilAsync(output => output.Contains("Application started", StringComparison.Ordinal));

        var key = KeyPattern().Match(first).Value;
        Assert.True(ApiKeyFormat.TryParse(key, out var keyId, out var problem), problem + "\n" + first);
        Assert.DoesNotMatch(KeyPattern(), second);
        var (exit, verified, stderr) = await MandateProgram.RunAsync("audit", "verify", "--data-dir", _dataDir);
        Assert.True(exit == 0, stderr);
        Assert.StartsWith("1 entry verified", verified, StringComparison.Ordinal);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_dataDir, "mandate.db"), Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT k.hash || ' ' || r.role || ' ' || r.space_id FROM api_keys k JOIN role_bindings r ON r.principal_id = k.principal_id WHERE k.key_id = '{keyId}'";
        Assert.Equal($"{ApiKeyFormat.Hash(key)} admin root", command.ExecuteScalar());
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    // Starts serve, waits until its output satisfies the condition (or 30 s), stops it, returns all it printed.
    private async Task<string> RunServeUntilAsync(Func<string, bool> condition)
    {
        var port = FreePort.Next();
        await using var server = MandateProgram.Start("serve", "--urls", $"http://127.0.0.1:{port}", "--data-dir", _dataDir);
        await Readiness.WaitForTcpAsync(port, () => server.HasExited, () => server.RecentOutput);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition(server.RecentOutput) && DateTime.UtcNow < deadline && !server.HasExited)
        {
            await Task.Delay(100);
        }

        Signals.Terminate(server.Pid);
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        return server.RecentOutput; // after exit: everything it printed, a late bootstrap line included
    }

    [GeneratedRegex("mdt_[a-z0-9]{12}_[A-Za-z0-9_-]{43}")]
    private static partial Regex KeyPattern();
}
