using Mandate.Providers.Plugin;

namespace Mandate.Providers.Pool;

/// <summary>One pool slot: a key and the live configured instance behind it, restarted when it dies.</summary>
internal sealed class PooledProvider
{
    public PooledProvider(ProviderKey key, ProviderSpec spec)
    {
        Key = key;
        Spec = spec;
    }

    public ProviderKey Key { get; }

    public ProviderSpec Spec { get; }

    /// <summary>The running instance; null before the first start and after a stop.</summary>
    public (IProvider Provider, ProviderProcess Process)? Current { get; set; }

    /// <summary>The start in progress, shared by every caller waiting for this slot.</summary>
    public Task<(IProvider Provider, ProviderProcess Process)>? Starting { get; set; }

    /// <summary>Operations running on this slot now; an instance with leases is never stopped for idleness.</summary>
    public int Leases;

    public long LastUsedTicks;

    /// <summary>This slot holds one of the pool's capacity permits (from its first start until it is stopped).</summary>
    public bool HoldsPermit { get; set; }

    public bool IsAlive => Current is { Process.HasExited: false };
}
