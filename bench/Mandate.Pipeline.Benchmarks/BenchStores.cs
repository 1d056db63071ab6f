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
    private static readonly Dictionary<IMandateStore, string> PostgresConnections = [];

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
            var connection = (await _postgres.CreateDatabaseAsync(name)).Replace("Pooling=false", "Pooling=true", StringComparison.Ordinal);
            store = MandateStores.OpenPostgres(connection);
            lock (PostgresConnections)
            {
                PostgresConnections[store] = connection;
            }
        }

        await store.MigrateAsync();
        return store;
    }

    /// <summary>
    /// Brings a freshly bulk-filled store to the state a running server's tables are in: on PostgreSQL, planner statistics
    /// (what autovacuum's analyze gathers within about a minute of a bulk change). Without them the planner guesses the
    /// project's row count and, for a page of 500, sorted the whole project instead of reading the index in order: a list
    /// page took ~8 ms instead of ~1 ms. SQLite plans these queries from the indexes alone, so it needs nothing.
    /// </summary>
    public static async Task SettleAsync(IMandateStore store)
    {
        string? connection;
        lock (PostgresConnections)
        {
            PostgresConnections.TryGetValue(store, out connection);
        }

        if (connection is null)
        {
            return;
        }

        await using var session = new Npgsql.NpgsqlConnection(connection);
        await session.OpenAsync();
        await using var analyze = new Npgsql.NpgsqlCommand("ANALYZE", session);
        await analyze.ExecuteNonQueryAsync();
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
