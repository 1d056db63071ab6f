using System.Collections.Concurrent;
using Mandate.Providers.Messages;
using Mandate.Providers.Plugin;

namespace Mandate.Providers.Pool;

/// <summary>
/// Keeps configured provider instances warm and shares them: one instance per (address, version, configuration),
/// used by any number of concurrent operations (calls multiplex over one HTTP/2 connection). Bounded in size,
/// stops idle instances, restarts an instance whose process died between operations, and validates each
/// configuration once (the AWS provider spends 3–4 s of CPU on every ValidateProviderConfig).
/// </summary>
public sealed partial class ProviderPool : IAsyncDisposable, IProviderHost
{
    private readonly ProviderPoolOptions _options;
    private readonly Lock _gate = new();
    private readonly Dictionary<ProviderKey, PooledProvider> _slots = [];
    private readonly ConcurrentDictionary<(string Address, string Version), GetProviderSchemaResponse> _schemas = new();
    private readonly ConcurrentDictionary<ProviderKey, bool> _validated = new();
    private readonly CancellationTokenSource _disposing = new();
    private readonly Task _idleSweeper;
    private readonly SemaphoreSlim _capacity;
    private int _restarts;
    private int _launches;
    private int _validations;
    private bool _disposed;

    public ProviderPool(ProviderPoolOptions? options = null)
    {
        _options = options ?? new ProviderPoolOptions();
        if (_options.MaxInstances < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.MaxInstances, "MaxInstances must be at least 1.");
        }

        _capacity = new SemaphoreSlim(_options.MaxInstances, _options.MaxInstances);
        _idleSweeper = SweepIdleAsync(_disposing.Token);
    }

    /// <summary>How many times a dead instance was replaced.</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    /// <summary>How many provider processes the pool has started in all.</summary>
    public int Launches => Volatile.Read(ref _launches);

    /// <summary>How many ValidateProviderConfig calls the pool has made (one per distinct configuration).</summary>
    public int Validations => Volatile.Read(ref _validations);

    /// <summary>PIDs of the provider processes alive now.</summary>
    public IReadOnlyList<int> ProcessIds
    {
        get
        {
            lock (_gate)
            {
                return [.. _slots.Values.Where(s => s.IsAlive).Select(s => s.Current!.Value.Process.ProcessId)];
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="operation"/> on a configured instance for <paramref name="spec"/>, starting,
    /// validating and configuring one first if needed.
    /// </summary>
    /// <exception cref="ProviderPoolException">No configured instance could be had.</exception>
    public async Task<T> UseAsync<T>(ProviderSpec spec, Func<IProvider, CancellationToken, Task<T>> operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(operation);
        var slot = Lease(spec);
        try
        {
            var provider = await InstanceAsync(slot, cancellationToken).ConfigureAwait(false);
            return await operation(provider, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Exchange(ref slot.LastUsedTicks, Environment.TickCount64);
            Interlocked.Decrement(ref slot.Leases);
        }
    }

    /// <summary>The schema of a provider version, from memory or from a (pooled) instance.</summary>
    public async Task<GetProviderSchemaResponse> GetSchemaAsync(ProviderSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (_schemas.TryGetValue((spec.Address, spec.Version), out var cached))
        {
            return cached;
        }

        return await UseAsync(spec, (p, ct) => p.GetProviderSchemaAsync(ct).AsTask(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops every instance and waits until their processes are gone.</summary>
    public async ValueTask DisposeAsync()
    {
        List<PooledProvider> slots;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            slots = [.. _slots.Values];
            _slots.Clear();
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        try
        {
            await _idleSweeper.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await Task.WhenAll(slots.Select(StopSlotAsync)).ConfigureAwait(false);
        _disposing.Dispose();
    }

    private PooledProvider Lease(ProviderSpec spec)
    {
        var key = new ProviderKey(spec.Address, spec.Version, spec.ConfigHash());
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_slots.TryGetValue(key, out var slot))
            {
                slot = new PooledProvider(key, spec);
                _slots[key] = slot;
            }

            Interlocked.Increment(ref slot.Leases);
            return slot;
        }
    }

    private async Task StopSlotAsync(PooledProvider slot)
    {
        Task<(IProvider Provider, ProviderProcess Process)>? starting;
        (IProvider Provider, ProviderProcess Process)? current;
        lock (_gate)
        {
            starting = slot.Starting;
            current = slot.Current;
            slot.Current = null;
        }

        if (starting is not null)
        {
            try
            {
                current = await starting.ConfigureAwait(false);
            }
            catch (Exception e) when (e is ProviderPoolException or ProviderLaunchException or OperationCanceledException)
            {
                // Nothing started, nothing to stop.
            }
        }

        if (current is { } instance)
        {
            await instance.Provider.DisposeAsync().ConfigureAwait(false);
        }

        bool release;
        lock (_gate)
        {
            release = slot.HoldsPermit;
            slot.HoldsPermit = false;
        }

        if (release)
        {
            _capacity.Release();
        }
    }

    private async Task SweepIdleAsync(CancellationToken cancellationToken)
    {
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(50).Ticks, _options.IdleTimeout.Ticks / 4));
        using var timer = new PeriodicTimer(period);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            var idle = new List<PooledProvider>();
            lock (_gate)
            {
                var now = Environment.TickCount64;
                foreach (var (key, slot) in _slots)
                {
                    if (Volatile.Read(ref slot.Leases) == 0 && slot.Starting is null
                        && now - Interlocked.Read(ref slot.LastUsedTicks) >= _options.IdleTimeout.TotalMilliseconds)
                    {
                        idle.Add(slot);
                    }
                }

                foreach (var slot in idle)
                {
                    _slots.Remove(slot.Key);
                }
            }

            foreach (var slot in idle)
            {
                _options.Log.Write(ProviderLogLevel.Debug, slot.Key.Address, "stopping idle provider instance");
                await StopSlotAsync(slot).ConfigureAwait(false);
            }
        }
    }
}
