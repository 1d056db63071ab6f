namespace Mandate.Server;

using Mandate.Core.Application;
using Mandate.Core.Secrets;
using Mandate.Core.Stores;
using Mandate.Storage;

/// <summary>
/// The composition root's first step: opens the store `mandate serve` (and `mandate mcp`) use, applies
/// migrations and composes <see cref="MandateCore"/> over it.
/// </summary>
public static class MandateCoreFactory
{
    /// <summary>The embedded store's file name inside the data directory.</summary>
    public const string DatabaseFileName = "mandate.db";

    /// <summary>Where unpacked provider packages go inside the data directory.</summary>
    public const string ProviderCacheDirectoryName = "providers";

    /// <summary>
    /// Opens SQLite at <c>&lt;dataDirectory&gt;/mandate.db</c>, or PostgreSQL when
    /// <paramref name="postgresConnectionString"/> is given, and composes the application layer. Options left
    /// unset get the defaults, with the provider cache inside the data directory. The returned core owns the store.
    /// </summary>
    public static async Task<MandateCore> CreateAsync(string dataDirectory, string? postgresConnectionString = null, MandateCoreOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        var store = string.IsNullOrWhiteSpace(postgresConnectionString)
            ? MandateStores.OpenSqlite(Path.Combine(dataDirectory, DatabaseFileName))
            : MandateStores.OpenPostgres(postgresConnectionString);
        try
        {
            var composed = (options ?? new MandateCoreOptions()) with { OwnsStore = true };
            if (composed.ProviderCacheDirectory is null)
            {
                composed = composed with { ProviderCacheDirectory = Path.Combine(dataDirectory, ProviderCacheDirectoryName) };
            }

            if (composed.Secrets is null)
            {
                // The key outside the database: MANDATE_SECRET_KEY, MANDATE_SECRET_KEY_FILE, or <data dir>/secret.key (0600).
                composed = composed with { Secrets = new SecretProtector(SecretKeySource.Load(dataDirectory).Key) };
            }

            return await MandateCore.CreateAsync(store, composed, cancellationToken);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>Composes the application layer over an already open store (which the caller keeps and disposes).</summary>
    public static Task<MandateCore> CreateAsync(IMandateStore store, MandateCoreOptions? options = null, CancellationToken cancellationToken = default) =>
        MandateCore.CreateAsync(store, (options ?? new MandateCoreOptions()) with { OwnsStore = false }, cancellationToken);
}
