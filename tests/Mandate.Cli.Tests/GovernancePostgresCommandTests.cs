namespace Mandate.Cli.Tests;

using Mandate.Core.Keys;
using Mandate.TestFixtures.Xunit;
using Npgsql;

[CollectionDefinition(PostgresFixture.Collection)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;

/// <summary>The same commands with --postgres, on a fresh database of a real PostgreSQL cluster.</summary>
[Collection(PostgresFixture.Collection)]
public sealed class GovernancePostgresCommandTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Keys_and_audit_work_on_postgres_and_a_tampered_row_is_named()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync("cli");

        var created = await MandateProgram.RunAsync("admin", "create-key", "--postgres", connectionString, "--role", "operator");
        await MandateProgram.RunAsync("admin", "create-key", "--postgres", connectionString);
        var intact = await MandateProgram.RunAsync("audit", "verify", "--postgres", connectionString);
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            Assert.True(ApiKeyFormat.TryParse(created.Stdout.Trim(), out var keyId, out _), created.Stderr);
            await using var hash = dataSource.CreateCommand($"SELECT hash FROM api_keys WHERE key_id = '{keyId}'");
            Assert.Equal(ApiKeyFormat.Hash(created.Stdout.Trim()), await hash.ExecuteScalarAsync());
            await using var tamper = dataSource.CreateCommand("UPDATE audit_entries SET payload = '{\"role\":\"admin\"}' WHERE sequence = 1");
            Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
        }

        var broken = await MandateProgram.RunAsync("audit", "verify", "--postgres", connectionString);

        Assert.True(intact.ExitCode == 0, intact.Stderr);
        Assert.StartsWith("2 entries verified", intact.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("broken at entry 1", broken.Stderr, StringComparison.Ordinal);
    }
}
