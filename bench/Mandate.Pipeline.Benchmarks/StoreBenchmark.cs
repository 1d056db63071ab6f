namespace Mandate.Pipeline.Benchmarks;

using BenchmarkDotNet.Attributes;
using Mandate.Core.Application;
using Mandate.Core.Stores;

/// <summary>
/// The set-up every pipeline benchmark shares: a fresh migrated store of <see cref="Dialect"/> (from
/// <see cref="BenchStores"/>), the real <see cref="MandateCore"/> over it (<see cref="BenchCore"/>) when the
/// benchmark measures the product's calls, and the teardown of both. Each benchmark adds its own data in
/// <see cref="PrepareAsync"/>.
/// </summary>
public abstract class StoreBenchmark
{
    private MandateCore? _core;

    [Params("sqlite", "postgres")]
    public string Dialect { get; set; } = "sqlite";

    protected IMandateStore Store { get; private set; } = null!;

    protected MandateCore Core => _core ?? throw new InvalidOperationException($"{GetType().Name} measures the store alone and set up no core");

    /// <summary>Names the store (the SQLite file, the PostgreSQL database).</summary>
    protected abstract string StoreName { get; }

    /// <summary>False for benchmarks of store calls alone (no core is built).</summary>
    protected virtual bool UsesCore => true;

    // Synchronous on purpose: the in-process toolchain does not await an async global setup.
    [GlobalSetup]
    public void SetUp() => SetUpAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void CleanUp()
    {
        _core?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Store.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>The data the benchmark reads or changes, added once before it runs.</summary>
    protected abstract Task PrepareAsync();

    private async Task SetUpAsync()
    {
        Store = await BenchStores.OpenAsync(Dialect, StoreName);
        if (UsesCore)
        {
            (_core, _) = await BenchCore.CreateAsync(Store);
        }

        await PrepareAsync();
    }
}
