namespace Mandate.Core.Tests.Application;

using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Mandate.Providers.Pool;

/// <summary>
/// A provider resolver that never finds a provider and counts how often it was asked: an authorized
/// resource change gets as far as the provider (and fails there with provider_error); a refused one
/// must never ask.
/// </summary>
internal sealed class CountingResolver : IProviderResolver
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Task<ProviderSpec> ResolveAsync(ProjectRecord project, string resourceType, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        throw new MandateException(MandateErrorCodes.ProviderError, $"no provider in this test for {resourceType}");
    }
}
