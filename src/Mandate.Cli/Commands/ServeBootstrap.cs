namespace Mandate.Cli.Commands;

using System.Data.Common;
using Mandate.Core;
using Mandate.Core.Application;
using Mandate.Server;
using Mandate.Storage;

/// <summary>
/// First start of `mandate serve`: with no principal in the store yet, nobody could ever authenticate, so
/// an admin key is created and printed once on stderr (the operator's console, not a log file).
/// </summary>
internal static class ServeBootstrap
{
    /// <summary>Composes the application layer over the embedded store (migrating it); null (after one line on stderr) when the store cannot be used.</summary>
    public static async Task<MandateCore?> CreateCoreAsync(string dataDir, TextWriter stderr, CancellationToken cancellationToken)
    {
        try
        {
            return await MandateCoreFactory.CreateAsync(dataDir, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is DbException or MandateException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"mandate: cannot use the store at '{Path.Combine(dataDir, StoreOptions.DatabaseFileName)}': {e.Message.ReplaceLineEndings(" ")}");
            return null;
        }
    }

    /// <summary>Migrates the embedded store and issues the bootstrap key when needed; false (after one line on stderr) when the store cannot be used.</summary>
    public static async Task<bool> EnsureAdminKeyAsync(string dataDir, TextWriter stderr, CancellationToken cancellationToken)
    {
        var databasePath = Path.Combine(dataDir, StoreOptions.DatabaseFileName);
        try
        {
            await using var store = MandateStores.OpenSqlite(databasePath);
            await store.MigrateAsync(cancellationToken);
            var issued = await KeyIssuer.BootstrapAsync(store, TimeProvider.System, cancellationToken);
            if (issued is not null)
            {
                await stderr.WriteLineAsync(
                    $"mandate: first start: created admin API key {issued.Stored.KeyId} on space 'root'; it is shown only this once, store it now: {issued.PlainText}");
            }

            return true;
        }
        catch (Exception e) when (e is DbException or MandateException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"mandate: cannot use the store at '{databasePath}': {e.Message.ReplaceLineEndings(" ")}");
            return false;
        }
    }
}
