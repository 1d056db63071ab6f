namespace Mandate.Storage;

using Mandate.Core.Stores;
using Mandate.Storage.Postgres;
using Mandate.Storage.Sql;
using Mandate.Storage.Sqlite;
using Npgsql;

/// <summary>Opens Mandate's store on SQLite or PostgreSQL. Call <see cref="IMandateStore.MigrateAsync"/> before use.</summary>
public static class MandateStores
{
    /// <summary>The embedded default: one SQLite file (created when missing).</summary>
    public static IMandateStore OpenSqlite(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        return new SqlStore(new SqliteDialect(Path.GetFullPath(databasePath)));
    }

    /// <summary>A shared PostgreSQL database (an Npgsql connection string).</summary>
    /// <remarks>
    /// The store keeps one <see cref="NpgsqlDataSource"/> (the connection pool, with its loaded type information) for its
    /// lifetime and every repository call borrows a connection from it. Leave pooling on: each facade call makes several
    /// round trips (bindings, space tree, target, audit append), and with <c>Pooling=false</c> every one of them opens a
    /// new server session, measured at ~18 ms against ~1 ms pooled on the test machine.
    /// </remarks>
    public static IMandateStore OpenPostgres(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        return new SqlStore(new PostgresDialect(dataSource), () => dataSource.DisposeAsync());
    }
}
