using Mandate.Providers.Messages;

namespace Mandate.Providers.Pool;

/// <summary>
/// Where configured provider instances come from: the two calls the operation pipeline makes on
/// <see cref="ProviderPool"/>, which is the only production implementation. It exists so tests and benchmarks
/// can run the real pipeline over an in-process <see cref="IProvider"/> (provider time left out, or a
/// provider failure staged exactly) without a way into the pool that production code could take.
/// </summary>
public interface IProviderHost
{
    /// <summary>Runs <paramref name="operation"/> on a configured instance for <paramref name="spec"/>.</summary>
    Task<T> UseAsync<T>(ProviderSpec spec, Func<IProvider, CancellationToken, Task<T>> operation, CancellationToken cancellationToken = default);

    /// <summary>The schema of a provider version.</summary>
    Task<GetProviderSchemaResponse> GetSchemaAsync(ProviderSpec spec, CancellationToken cancellationToken = default);
}
