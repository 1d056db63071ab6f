namespace Mandate.Core.Tests.Pipeline;

using Mandate.Core.Stores;
using Mandate.Storage;
using Mandate.TestFixtures.Xunit;

[CollectionDefinition(PostgresFixture.Collection)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;

/// <summary>The pipeline on the embedded default store.</summary>
public sealed class SqlitePipelineTests(PipelineFixture aws) : OperationServiceTests(aws), IClassFixture<PipelineFixture>
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mandate-pipeline-").FullName;

    protected override Task<IMandateStore> OpenStoreAsync() => Task.FromResult(MandateStores.OpenSqlite(Path.Combine(_directory, "m.db")));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>The same pipeline tests on PostgreSQL, a fresh database per test.</summary>
[Collection(PostgresFixture.Collection)]
public sealed class PostgresPipelineTests(PipelineFixture aws, PostgresFixture postgres) : OperationServiceTests(aws), IClassFixture<PipelineFixture>
{
    protected override async Task<IMandateStore> OpenStoreAsync() => MandateStores.OpenPostgres(await postgres.Server.CreateDatabaseAsync("pipeline"));
}
