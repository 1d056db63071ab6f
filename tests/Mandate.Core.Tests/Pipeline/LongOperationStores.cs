namespace Mandate.Core.Tests.Pipeline;

using Mandate.Core.Stores;
using Mandate.Storage;
using Mandate.TestFixtures.Xunit;

/// <summary>Long operations and crash recovery on the embedded default store (a SQLite file the crash host shares).</summary>
public sealed class SqliteLongOperationTests(PipelineFixture aws) : LongOperationTests(aws), IClassFixture<PipelineFixture>
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mandate-longops-").FullName;

    protected override string Dialect => "sqlite";

    protected override Task<string> NewDatabaseAsync() => Task.FromResult(Path.Combine(_directory, "m.db"));

    protected override IMandateStore Open(string database) => MandateStores.OpenSqlite(database);

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

    protected override Task<string> NewDatabaseAsync() => postgres.Server.CreateDatabaseAsync("longops");

    protected override IMandateStore Open(string database) => MandateStores.OpenPostgres(database);
}
