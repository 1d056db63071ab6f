namespace Mandate.Storage.Migrations;

using System.Security.Cryptography;
using System.Text;
using Dapper;
using Mandate.Storage.Sql;

/// <summary>
/// Applies the numbered SQL files embedded under migrations/&lt;dialect&gt;/ in order, each in its own
/// transaction, recording a checksum so an edited migration is caught instead of silently skipped.
/// </summary>
internal sealed class MigrationRunner(ISqlDialect dialect)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var migrations = Load(dialect.Name);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT NOT NULL PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at BIGINT NOT NULL)",
            cancellationToken: cancellationToken));

        foreach (var migration in migrations)
        {
            await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
            await dialect.LockForMigrationAsync(connection, transaction, cancellationToken);
            var applied = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
                "SELECT checksum FROM schema_migrations WHERE version = @Version", new { migration.Version }, transaction, cancellationToken: cancellationToken));
            if (applied is not null)
            {
                if (applied != migration.Checksum)
                {
                    throw new InvalidOperationException(
                        $"migration {migration.Name} ({dialect.Name}) was changed after it was applied; add a new migration instead of editing an applied one");
                }

                await transaction.RollbackAsync(cancellationToken);
                continue;
            }

            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (@Version, @Name, @Checksum, @AppliedAt)",
                new { migration.Version, migration.Name, migration.Checksum, AppliedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() },
                transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
        }
    }

    internal static IReadOnlyList<Migration> Load(string dialectName)
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var prefix = $"migrations/{dialectName}/";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = Path.GetFileNameWithoutExtension(n[prefix.Length..]);
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream, Encoding.UTF8);
                var sql = reader.ReadToEnd();
                var version = long.Parse(name[..name.IndexOf('_', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
                return new Migration(version, name, sql, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql))));
            })
            .OrderBy(m => m.Version)
            .ToList();
    }

    internal sealed record Migration(long Version, string Name, string Sql, string Checksum);
}
