using Mandate.Providers.Cty;
using Mandate.Providers.Lifecycle;
using Mandate.Providers.Messages;
using Mandate.Providers.Plugin;
using Mandate.Providers.Schema;

namespace Mandate.Providers.Pool;

/// <summary>Starting, restarting and evicting instances.</summary>
public sealed partial class ProviderPool
{
    private async Task<IProvider> InstanceAsync(PooledProvider slot, CancellationToken cancellationToken)
    {
        Task<(IProvider Provider, ProviderProcess Process)> starting;
        (IProvider Provider, ProviderProcess Process)? dead = null;
        lock (_gate)
        {
            if (slot.IsAlive)
            {
                return slot.Current!.Value.Provider;
            }

            if (slot.Starting is null)
            {
                if (slot.Current is { } crashed)
                {
                    // The process died since the last operation (crash, OOM kill, SIGKILL): replace it before
                    // anyone notices. Only between operations: a call that was in flight is not replayed, because
                    // apply is not idempotent.
                    dead = crashed;
                    slot.Current = null;
                    _restarts++;
                    _options.Log.Write(ProviderLogLevel.Warning, crashed.Process.Name, "provider process died; restarting it");
                }

                slot.Starting = StartInstanceAsync(slot);
            }

            starting = slot.Starting;
        }

        if (dead is { } gone)
        {
            // Releases the socket directory and the client; the process is already gone.
            await gone.Provider.DisposeAsync().ConfigureAwait(false);
        }

        var instance = await starting.WaitAsync(cancellationToken).ConfigureAwait(false);
        return instance.Provider;
    }

    private async Task<(IProvider Provider, ProviderProcess Process)> StartInstanceAsync(PooledProvider slot)
    {
        // Off the caller's lock; the start is shared by every waiter, so no single caller's token may cancel it.
        await Task.Yield();
        var token = _disposing.Token;
        try
        {
            await EnsureCapacityAsync(slot, token).ConfigureAwait(false);
            var instance = await LaunchConfiguredAsync(slot, token).ConfigureAwait(false);
            lock (_gate)
            {
                slot.Current = instance;
                slot.Starting = null;
            }

            return instance;
        }
        catch
        {
            bool release;
            lock (_gate)
            {
                slot.Starting = null;
                release = slot.HoldsPermit;
                slot.HoldsPermit = false;
                _slots.Remove(slot.Key);
            }

            if (release)
            {
                _capacity.Release();
            }

            throw;
        }
    }

    private async Task<(IProvider Provider, ProviderProcess Process)> LaunchConfiguredAsync(PooledProvider slot, CancellationToken token)
    {
        var spec = slot.Spec;
        var launch = new ProviderLaunchOptions
        {
            ExecutablePath = spec.ExecutablePath,
            Log = _options.Log,
            HandshakeTimeout = _options.HandshakeTimeout,
            ShutdownTimeout = _options.ShutdownTimeout,
            Timeline = _options.Timeline,
        };

        // The binary hash (remembered on disk) and the schema cache entry are read while the provider starts.
        string? binarySha256 = null;
        SchemaCacheKey? missingEntry = null;
        var (provider, process) = await ProviderClient.StartWithProcessAsync(launch, _options.Client, async ct =>
        {
            if (_options.SchemaCache is not { } cache)
            {
                return _schemas.GetValueOrDefault((spec.Address, spec.Version));
            }

            binarySha256 = await ProviderBinaryHash.GetSha256Async(spec.ExecutablePath, cache.Directory, ct).ConfigureAwait(false);
            if (_schemas.TryGetValue((spec.Address, spec.Version), out var known))
            {
                return known;
            }

            var key = new SchemaCacheKey(spec.Address, spec.Version, binarySha256);
            if (cache.TryGet(key, out var persisted))
            {
                return CachedSchemaView.ToResponse(persisted);
            }

            missingEntry = key;
            return null;
        }, token).ConfigureAwait(false);
        Interlocked.Increment(ref _launches);
        try
        {
            var schema = await provider.GetProviderSchemaAsync(token).ConfigureAwait(false);
            if (schema.Schema is null || schema.Diagnostics.HasErrors())
            {
                throw new ProviderPoolException($"{spec.Address} {spec.Version} returned no usable schema.", schema.Diagnostics);
            }

            if (_schemas.TryAdd((spec.Address, spec.Version), schema) && missingEntry is { } key)
            {
                // Fetched from the provider: persist it for the next process, off the caller's path.
                var fetched = schema.Schema;
                _ = Task.Run(() => PersistSchema(key, fetched), CancellationToken.None);
            }

            var config = ObjectShape.Complete(schema.Schema.Provider.Block, spec.Config);
            await ValidateOnceAsync(slot, provider, config, schema.Schema, binarySha256, token).ConfigureAwait(false);
            var configured = await provider.ConfigureProviderAsync(new ConfigureProviderRequest(config), token).ConfigureAwait(false);
            if (configured.Diagnostics.HasErrors())
            {
                throw new ProviderPoolException($"{spec.Address} could not be configured.", configured.Diagnostics);
            }

            return (provider, process);
        }
        catch
        {
            await provider.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Validation is a pure function of the binary, the configuration and the environment the provider sees, and
    /// costs the AWS provider 3–4 s of CPU: once per configuration per pool, and — with a schema cache — once per
    /// (binary, configuration, environment) across processes, remembered in <see cref="ValidationMemo"/>.
    /// </summary>
    private async Task ValidateOnceAsync(PooledProvider slot, IProvider provider, CtyValue config, ProviderSchema schema, string? binarySha256, CancellationToken token)
    {
        if (_validated.ContainsKey(slot.Key))
        {
            return;
        }

        var memo = binarySha256 is null ? null : new ValidationMemo(_options.SchemaCache!.Directory);
        var memoKey = memo?.KeyOf(binarySha256!, config, schema.Provider.ImpliedType(), _options.Log);
        if (memoKey is null || !memo!.IsKnownValid(memoKey))
        {
            Interlocked.Increment(ref _validations);
            var validation = await provider.ValidateProviderConfigAsync(new ValidateProviderConfigRequest(config), token).ConfigureAwait(false);
            if (validation.Diagnostics.HasErrors())
            {
                throw new ProviderPoolException($"The {slot.Spec.Address} configuration is invalid.", validation.Diagnostics);
            }

            if (memoKey is not null)
            {
                memo!.RememberValid(memoKey, _options.Log);
            }
        }

        _validated[slot.Key] = true;
    }

    private void PersistSchema(SchemaCacheKey key, ProviderSchema schema)
    {
        try
        {
            _options.SchemaCache!.Store(key, schema);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written only costs the next process a GetSchema call.
            _options.Log.Write(ProviderLogLevel.Warning, key.ProviderAddress, "could not store the schema in the cache: " + e.Message);
        }
    }

    /// <summary>Takes a capacity permit for <paramref name="slot"/>, evicting the least recently used idle instance when full.</summary>
    private async Task EnsureCapacityAsync(PooledProvider slot, CancellationToken token)
    {
        lock (_gate)
        {
            if (slot.HoldsPermit)
            {
                return; // a restart reuses the permit of the instance it replaces
            }
        }

        while (!await _capacity.WaitAsync(0, token).ConfigureAwait(false))
        {
            PooledProvider? victim;
            lock (_gate)
            {
                victim = _slots.Values
                    .Where(s => s != slot && s.HoldsPermit && s.Starting is null && Volatile.Read(ref s.Leases) == 0)
                    .MinBy(s => Interlocked.Read(ref s.LastUsedTicks));
                if (victim is not null)
                {
                    _slots.Remove(victim.Key);
                }
            }

            if (victim is null)
            {
                // Every instance is busy: wait for a permit to come back (idle sweep, failed start, eviction).
                if (await _capacity.WaitAsync(TimeSpan.FromMilliseconds(100), token).ConfigureAwait(false))
                {
                    break;
                }

                continue;
            }

            _options.Log.Write(ProviderLogLevel.Debug, victim.Key.Address, "pool full: stopping the least recently used idle instance");
            await StopSlotAsync(victim).ConfigureAwait(false);
        }

        lock (_gate)
        {
            slot.HoldsPermit = true;
        }
    }
}
