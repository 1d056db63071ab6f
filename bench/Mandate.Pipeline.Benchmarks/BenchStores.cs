namespace Mandate.Pipeline.Benchmarks;

using Mandate.Core.Stores;
using Mandate.Storage;
using Mandate.TestFixtures.Servers;

/// <summary>One SQLite file and one throw-away PostgreSQL cluster per run, shared by all benchmarks.</summary>
internal static class BenchStores
{
    private static readonly string Directory = System.IO.Directory.CreateTempSubdirectory("mandate-bench-").FullName;
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static PostgresServer? _postgres;

    /// <summary>A fresh, migrated store of <paramref name="dialect"/> ("sqlite" or "postgres").</summary>
    public static async Task<IMandateStore> OpenAsync(string dialect, string name)
    {
        IMandateStore store;
        if (dialect == "sqlite")
        {
            store = MandateStores.OpenSqlite(Path.Combine(Directory, $"{name}-{Guid.NewGuid():N}.db"));
        }
        else
        {
            await Gate.WaitAsync();
            try
            {
                _postgres ??= await PostgresServer.StartAsync();
            }
            finally
            {
                Gate.Release();
            }

            // The fixture turns pooling off (tests want no idle connections left behind); a server keeps a pool.
            store = MandateStores.OpenPostgres((await _postgres.CreateDatabaseAsync(name)).Replace("Pooling=false", "Pooling=true", StringComparison.Ordinal));
        }

        await store.MigrateAsync();
        return store;
    }

    public static async Task DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
