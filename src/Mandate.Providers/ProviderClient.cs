using Mandate.Providers.Messages;
using Mandate.Providers.Plugin;
using Mandate.Providers.Protocols;

namespace Mandate.Providers;

/// <summary>Starts a provider binary and returns the adapter for the protocol version it chose.</summary>
public static class ProviderClient
{
    /// <param name="cachedSchema">
    /// The schema this same binary returned before (e.g. from the schema cache). Used instead of asking the
    /// provider again — the AWS provider spends ~0.7 s of CPU on every GetSchema.
    /// </param>
    public static async Task<IProvider> StartAsync(
        ProviderLaunchOptions launch, ProviderClientOptions? options = null, GetProviderSchemaResponse? cachedSchema = null,
        CancellationToken cancellationToken = default)
    {
        var (provider, _) = await StartWithProcessAsync(launch, options, cachedSchema is null ? null : _ => ValueTask.FromResult<GetProviderSchemaResponse?>(cachedSchema),
            cancellationToken).ConfigureAwait(false);
        return provider;
    }

    /// <summary>
    /// As <see cref="StartAsync(ProviderLaunchOptions, ProviderClientOptions?, GetProviderSchemaResponse?, CancellationToken)"/>,
    /// reading the cached schema with <paramref name="loadCachedSchema"/> while the provider starts rather than
    /// before: the provider needs ~0.2 s to its handshake line, time in which the cache is opened for free.
    /// </summary>
    /// <param name="loadCachedSchema">Returns the cached schema, or null when there is none (the provider is then asked).</param>
    public static async Task<IProvider> StartAsync(
        ProviderLaunchOptions launch, ProviderClientOptions? options, Func<CancellationToken, ValueTask<GetProviderSchemaResponse?>> loadCachedSchema,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(loadCachedSchema);
        var (provider, _) = await StartWithProcessAsync(launch, options, loadCachedSchema, cancellationToken).ConfigureAwait(false);
        return provider;
    }

    /// <summary>As <see cref="StartAsync(ProviderLaunchOptions, ProviderClientOptions?, Func{CancellationToken, ValueTask{GetProviderSchemaResponse?}}, CancellationToken)"/>, also returning the process (the pool watches it for crashes).</summary>
    internal static async Task<(IProvider Provider, ProviderProcess Process)> StartWithProcessAsync(
        ProviderLaunchOptions launch, ProviderClientOptions? options, Func<CancellationToken, ValueTask<GetProviderSchemaResponse?>>? loadCachedSchema,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var starting = ProviderProcess.StartAsync(launch, cancellationToken);
        GetProviderSchemaResponse? cachedSchema;
        try
        {
            var began = ProviderTimeline.Now();
            cachedSchema = loadCachedSchema is null ? null
                : await Task.Run(async () => await loadCachedSchema(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            launch.Timeline?.Record("schema cache read (beside the launch)", began);
        }
        catch
        {
            await StopQuietlyAsync(starting).ConfigureAwait(false);
            throw;
        }

        var process = await starting.ConfigureAwait(false);
        options ??= ProviderClientOptions.Default;
        return (new GrpcProvider(ProviderProtocol.ForVersion(process.ProtocolVersion), process.Grpc, process, options, cachedSchema), process);
    }

    /// <summary>Stops a provider whose start is being abandoned; its own launch failure, if any, is moot.</summary>
    private static async Task StopQuietlyAsync(Task<ProviderProcess> starting)
    {
        try
        {
            await (await starting.ConfigureAwait(false)).KillAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is ProviderLaunchException or OperationCanceledException)
        {
            // The launch failed as well; the caller gets the schema-loading failure.
        }
    }
}
