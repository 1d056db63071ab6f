namespace Mandate.Storage.Tests;

using Mandate.Core.Stores;
using Mandate.TestFixtures.Xunit;

[CollectionDefinition(PostgresFixture.Collection)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;

/// <summary>The contract suite on the embedded default: a SQLite file in a temp dir.</summary>
public sealed class SqliteStoreTests : StoreContractTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mandate-sqlite-").FullName;

    protected override Task<IMandateStore> CreateStoreAsync() =>
        Task.FromResult(MandateStores.OpenSqlite(Path.Combine(_directory, "mandate.db")));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>The same contract suite on a real PostgreSQL cluster, in a fresh database for this class.</summary>
[Collection(PostgresFixture.Collection)]
public sealed class PostgresStoreTests(PostgresFixture postgres) : StoreContractTests
{
    protected override async Task<IMandateStore> CreateStoreAsync() =>
        MandateStores.OpenPostgres(await postgres.Server.CreateDatabaseAsync("store"));
}
