namespace Mandate.TestFixtures.Tests;

using Mandate.TestFixtures.Processes;
using Mandate.TestFixtures.Servers;
using Mandate.TestFixtures.Xunit;
using Npgsql;

[Collection(PostgresFixture.Collection)]
public sealed class PostgresFixtureTests(PostgresFixture fixture)
{
    [Fact]
    public async Task A_fresh_database_takes_a_table_and_returns_its_rows()
    {
        var connectionString = await fixture.Server.CreateDatabaseAsync("fixture");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();

        await Execute(connection, "CREATE TABLE resources (id text PRIMARY KEY, attempts int NOT NULL)");
        await Execute(connection, "INSERT INTO resources VALUES ('table-a', 1), ('table-b', 2)");
        await using var query = new NpgsqlCommand("SELECT sum(attempts) FROM resources", connection);

        Assert.Equal(3L, await query.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Each_database_is_separate()
    {
        await using var first = new NpgsqlConnection(await fixture.Server.CreateDatabaseAsync("iso"));
        await using var second = new NpgsqlConnection(await fixture.Server.CreateDatabaseAsync("iso"));
        await first.OpenAsync();
        await second.OpenAsync();

        await Execute(first, "CREATE TABLE only_here (x int)");
        await using var probe = new NpgsqlCommand("SELECT to_regclass('only_here') IS NULL", second);

        Assert.NotEqual(first.Database, second.Database);
        Assert.Equal(true, await probe.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Stopping_a_cluster_leaves_no_process_behind()
    {
        var server = await PostgresServer.StartAsync();
        var pid = server.Pid;
        Assert.True(ProcessLiveness.IsAlive(pid));

        await server.DisposeAsync();

        Assert.False(ProcessLiveness.IsAlive(pid), $"postmaster pid {pid} survived DisposeAsync");
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
