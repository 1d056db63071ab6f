namespace Mandate.Core.Tests.Pipeline.InProcess;

using Mandate.Providers;
using Mandate.Providers.Messages;
using Mandate.Providers.Plugin;
using Mandate.Providers.Pool;

/// <summary>Serves every provider spec with one <see cref="InProcessProvider"/> (see <c>MandateCoreOptions.ProviderHost</c>).</summary>
public sealed class InProcessProviderHost(InProcessProvider provider) : IProviderHost
{
    public InProcessProvider Provider => provider;

    public Task<T> UseAsync<T>(ProviderSpec spec, Func<IProvider, CancellationToken, Task<T>> operation, CancellationToken cancellationToken = default) =>
        operation(provider, cancellationToken);

    public Task<GetProviderSchemaResponse> GetSchemaAsync(ProviderSpec spec, CancellationToken cancellationToken = default) =>
        provider.GetProviderSchemaAsync(cancellationToken).AsTask();

    /// <summary>The real provider's schema, read once from its binary (the process is stopped afterwards).</summary>
    public static async Task<GetProviderSchemaResponse> LoadSchemaAsync(string binaryPath)
    {
        await using var probe = await ProviderClient.StartAsync(new ProviderLaunchOptions { ExecutablePath = binaryPath });
        return await probe.GetProviderSchemaAsync();
    }
}
