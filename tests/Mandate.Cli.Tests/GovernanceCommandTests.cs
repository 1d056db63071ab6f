namespace Mandate.Cli.Tests;

using System.Text;
using System.Text.Json;
using Mandate.Core.Keys;
using Microsoft.Data.Sqlite;

/// <summary>`mandate admin create-key` and `mandate audit verify | export` on a SQLite store in a temp data dir.</summary>
public sealed class GovernanceCommandTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("mandate-gov-cli-").FullName;

    private string DatabasePath => Path.Combine(_dataDir, "mandate.db");

    [Fact]
    public async Task Create_key_prints_the_key_once_and_stores_only_its_hash()
    {
        var (exit, stdout, stderr) = await MandateProgram.RunAsync("admin", "create-key", "--data-dir", _dataDir, "--scope", "read", "--role", "reader",
            "--expires-in-days", "30");

        Assert.True(exit == 0, stderr);
        var key = stdout.Trim();
        Assert.True(ApiKeyFormat.TryParse(key, out var keyId, out var problem), problem);
        Assert.Contains(keyId, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(key, stderr, StringComparison.Ordinal);
        Assert.Equal(ApiKeyFormat.Hash(key), Query($"SELECT hash FROM api_keys WHERE key_id = '{keyId}'"));
        Assert.Equal("read", Query($"SELECT scope FROM api_keys WHERE key_id = '{keyId}'"));
        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(Query($"SELECT expires_at FROM api_keys WHERE key_id = '{keyId}'")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(expiresAt, DateTimeOffset.UtcNow.AddDays(29.9), DateTimeOffset.UtcNow.AddDays(30));
        Assert.Equal("reader", Query($"SELECT role FROM role_bindings WHERE principal_id = '{keyId}' AND space_id = 'root'"));
        Assert.Equal(keyId, Query("SELECT target_id FROM audit_entries WHERE action = 'api-key.create'"));
        // The secret is the fixed-length tail: base64url may itself contain '_', so the last '_' does not mark it.
        var secret = key[^ApiKeyFormat.SecretLength..];
        foreach (var file in Directory.GetFiles(_dataDir))
        {
            // The database, its WAL and anything else in the data dir: the secret part of the key is in none of them.
            Assert.DoesNotContain(secret, Encoding.Latin1.GetString(File.ReadAllBytes(file)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Verify_passes_on_an_untouched_trail_and_names_a_tampered_entry()
    {
        await CreateKeyAsync();
        await CreateKeyAsync();
        await CreateKeyAsync();

        var (okExit, okOut, okErr) = await MandateProgram.RunAsync("audit", "verify", "--data-dir", _dataDir);
        Execute("UPDATE audit_entries SET actor_display = 'someone else' WHERE sequence = 2");
        var (badExit, badOut, badErr) = await MandateProgram.RunAsync("audit", "verify", "--data-dir", _dataDir);

        Assert.True(okExit == 0, okErr);
        Assert.StartsWith("3 entries verified", okOut, StringComparison.Ordinal);
        Assert.Equal(1, badExit);
        Assert.Empty(badOut);
        var line = Assert.Single(badErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("broken at entry 2", line, StringComparison.Ordinal);
        Assert.Contains("modified", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_writes_one_json_object_per_entry_without_any_key()
    {
        var first = await CreateKeyAsync();
        var second = await CreateKeyAsync();
        var output = Path.Combine(_dataDir, "audit.jsonl");

        var (exit, _, stderr) = await MandateProgram.RunAsync("audit", "export", "--data-dir", _dataDir, "--output", output);

        Assert.True(exit == 0, stderr);
        var text = await File.ReadAllTextAsync(output);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var entry1 = JsonDocument.Parse(lines[0]);
        using var entry2 = JsonDocument.Parse(lines[1]);
        Assert.Equal(1, entry1.RootElement.GetProperty("sequence").GetInt64());
        Assert.Equal(2, entry2.RootElement.GetProperty("sequence").GetInt64());
        Assert.Equal("api-key.create", entry1.RootElement.GetProperty("action").GetString());
        Assert.Equal("write", entry1.RootElement.GetProperty("payload").GetProperty("scope").GetString());
        Assert.Equal(entry1.RootElement.GetProperty("hash").GetString(), entry2.RootElement.GetProperty("previous_hash").GetString());
        Assert.DoesNotContain(first, text, StringComparison.Ordinal);
        Assert.DoesNotContain(second, text, StringComparison.Ordinal);
        Assert.Contains("exported 2 audit entries", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_without_a_store_says_where_it_looked()
    {
        var missing = Path.Combine(_dataDir, "nothing-here");

        var (exit, _, stderr) = await MandateProgram.RunAsync("audit", "verify", "--data-dir", missing);

        Assert.Equal(1, exit);
        Assert.Contains(Path.Combine(missing, "mandate.db"), stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public async Task Create_key_refuses_an_unknown_scope_role_space_or_expiry_with_one_line()
    {
        var badScope = await MandateProgram.RunAsync("admin", "create-key", "--data-dir", _dataDir, "--scope", "admin");
        var badRole = await MandateProgram.RunAsync("admin", "create-key", "--data-dir", _dataDir, "--role", "owner");
        var badSpace = await MandateProgram.RunAsync("admin", "create-key", "--data-dir", _dataDir, "--space", "team-x");
        var badExpiry = await MandateProgram.RunAsync("admin", "create-key", "--data-dir", _dataDir, "--expires-in-days", "0");

        Assert.Equal(2, badScope.ExitCode);
        Assert.Contains("use one of read, write", badScope.Stderr, StringComparison.Ordinal);
        Assert.Contains("mandate admin create-key --help", badScope.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, badRole.ExitCode);
        Assert.Contains("policy-author", badRole.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, badExpiry.ExitCode);
        Assert.Contains("--expires-in-days must be a positive number", badExpiry.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, badSpace.ExitCode);
        Assert.Equal("mandate: space 'team-x' does not exist; existing spaces: root", badSpace.Stderr.Trim());
        Assert.Empty(badSpace.Stdout);
        Assert.Equal(0L, Convert.ToInt64(Query("SELECT COUNT(*) FROM principals"), System.Globalization.CultureInfo.InvariantCulture));
    }

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    private async Task<string> CreateKeyAsync()
    {
        var (exit, stdout, stderr) = await MandateProgram.RunAsync("admin", "create-key", "--data-dir", _dataDir);
        Assert.True(exit == 0, stderr);
        return stdout.Trim();
    }

    // Straight to the file, not through Mandate: what is really stored, and a way to tamper with it.
    // No pooling, so nothing keeps the file open after the test.
    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private string? Query(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private void Execute(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, command.ExecuteNonQuery());
    }
}
