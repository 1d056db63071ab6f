using Mandate.Providers.Messages;
using Mandate.Providers.Plugin;
using Mandate.Providers.Protocol5;
using Mandate.Providers.Protocol6;

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
        var (provider, _) = await StartWithProcessAsync(launch, options, cachedSchema, cancellationToken).ConfigureAwait(false);
        return provider;
    }

    /// <summary>As <see cref="StartAsync"/>, also returning the process (the pool watches it for crashes).</summary>
    internal static async Task<(IProvider Provider, ProviderProcess Process)> StartWithProcessAsync(
        ProviderLaunchOptions launch, ProviderClientOptions? options, GetProviderSchemaResponse? cachedSchema, CancellationToken cancellationToken)
    {
        var process = await ProviderProcess.StartAsync(launch, cancellationToken).ConfigureAwait(false);
        options ??= ProviderClientOptions.Default;
        IProvider provider = process.ProtocolVersion switch
        {
            5 => new GrpcProvider5(process.Grpc, process, options, cachedSchema),
            _ => new GrpcProvider6(process.Grpc, process, options, cachedSchema),
        };
        return (provider, process);
    }
}
