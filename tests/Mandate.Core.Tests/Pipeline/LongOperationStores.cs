namespace Mandate.Core.Tests.Pipeline;

using Mandate.Core.Stores;
using Mandate.Storage;
using Mandate.TestFixtures.Files;
using Mandate.TestFixtures.Xunit;
using Npgsql;

/// <summary>Long operations and crash recovery on the embedded default store (a SQLite file the crash host shares).</summary>
public sealed class SqliteLongOperationTests(PipelineFixture aws) : LongOperationTests(aws), IClassFixture<PipelineFixture>
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mandate-longops-").FullName;

    protected override string Dialect => "sqlite";

    protected override Task<string> NewDatabaseAsync() => Task.FromResult(Path.Combine(_directory, "m.db"));

    protected override IMandateStore Open(string database) => MandateStores.OpenSqlite(database);

    protected override Task<bool> DatabaseHoldsAsync(string text) =>
        Task.FromResult(FileBytes.SqliteFiles(Path.Combine(_directory, "m.db")).Any(file => FileBytes.Contains(file, text)));

    [RequiresAwsProviderFact]
    public Task A_crash_after_an_update_of_a_sensitive_value_took_effect_records_the_new_value_sealed() => CrashAfterASensitiveUpdateTookEffectAsync();

    [RequiresAwsProviderFact]
    public Task A_crash_before_an_update_of_only_a_sensitive_value_is_failed_by_recovery_and_the_old_value_stays_recorded() => CrashBeforeASensitiveUpdateAsync();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>The same on PostgreSQL, a fresh database per test.</summary>
[Collection(PostgresFixture.Collection)]
public sealed class PostgresLongOperationTests(PipelineFixture aws, PostgresFixture postgres) : LongOperationTests(aws), IClassFixture<PipelineFixture>
{
    protected override string Dialect => "postgres";

    private string _connectionString = "";

    protected override async Task<string> NewDatabaseAsync() => _connectionString = await postgres.Server.CreateDatabaseAsync("longops");

    protected override IMandateStore Open(string database) => MandateStores.OpenPostgres(database);

    // Every row of every table as PostgreSQL prints it (the files themselves are the cluster's; bytea shows as hex).
    protected override async Task<bool> DatabaseHoldsAsync(string text)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains("state_versions", tables);
        foreach (var table in tables)
        {
            await using var find = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM \"{table}\" AS r WHERE strpos(r::text, @text) > 0)", connection);
            find.Parameters.AddWithValue("text", text);
            if ((bool)(await find.ExecuteScalarAsync())!)
            {
                return true;
            }
        }

        return false;
    }
}
