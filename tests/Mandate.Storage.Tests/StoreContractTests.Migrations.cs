namespace Mandate.Storage.Tests;

using Dapper;
using Mandate.Storage.Sql;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task An_applied_migration_that_was_edited_is_named_instead_of_skipped()
    {
        var dialect = ((SqlStore)Store).SqlDialect;
        await using (var connection = await dialect.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1");
        }

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.MigrateAsync());

        Assert.Contains("0001_initial", failure.Message, StringComparison.Ordinal);
        Assert.Contains("changed after it was applied", failure.Message, StringComparison.Ordinal);
    }
}
