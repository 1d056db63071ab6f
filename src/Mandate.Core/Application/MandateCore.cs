namespace Mandate.Core.Application;

using Mandate.Core.Integrations;
using Mandate.Core.Keys;
using Mandate.Core.Pipeline;
using Mandate.Core.Pipeline.Resolution;
using Mandate.Core.Pipeline.Worker;
using Mandate.Core.Policies;
using Mandate.Core.Secrets;
using Mandate.Core.Stores;
using Mandate.Providers.Pool;

/// <summary>How to compose <see cref="MandateCore"/>; every part has a working default.</summary>
public sealed record MandateCoreOptions
{
    /// <summary>Where providers come from and how they are configured; default <see cref="IntegrationProviderResolver"/> (the project's integrations).</summary>
    public IProviderResolver? ProviderResolver { get; init; }

    /// <summary>Directory for unpacked provider packages (used by the default resolver); a temp folder when null.</summary>
    public string? ProviderCacheDirectory { get; init; }

    /// <summary>The clock for every timestamp, expiry and lock.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Pipeline tunables (lock idle timeout, pending expiry).</summary>
    public OperationOptions Operations { get; init; } = new();

    /// <summary>Provider pool sizing.</summary>
    public ProviderPoolOptions? ProviderPool { get; init; }

    /// <summary>Failed-authentication limits; 10 a minute, then 15 minutes out, by default.</summary>
    public AuthFailureLimits? AuthFailureLimits { get; init; }

    /// <summary>Operation worker sizing for <see cref="MandateCore.StartBackgroundAsync"/>.</summary>
    public WorkerOptions Worker { get; init; } = new();

    /// <summary>How often pending operations past their review window are expired by the background work.</summary>
    public TimeSpan PendingSweepInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>When true (the default) disposing <see cref="MandateCore"/> also disposes the store.</summary>
    public bool OwnsStore { get; init; } = true;

    /// <summary>
    /// Encrypts integration secrets and sensitive state at rest; servers pass one over the key from
    /// <see cref="Secrets.SecretKeySource"/>. When null a key is made for this process only (tests, tools): what it
    /// encrypts cannot be read after the process ends.
    /// </summary>
    public Secrets.SecretProtector? Secrets { get; init; }

    /// <summary>Mirrors and ambient-credential policy of the default resolver (<see cref="Pipeline.Resolution.IntegrationProviderResolver"/>).</summary>
    public Pipeline.Resolution.ProviderResolverOptions? Resolution { get; init; }

    /// <summary>
    /// Tests and benchmarks only (internal): serves provider calls instead of <see cref="MandateCore.Pool"/>, e.g. an
    /// in-process provider that leaves provider time out of a measurement or stages a provider failure. Null in
    /// every real composition: the pipeline then talks to plugin processes through the pool.
    /// </summary>
    internal IProviderHost? ProviderHost { get; init; }
}

/// <summary>
/// Mandate's application layer, composed: the app services every transport (MCP, REST, CLI, console)
/// calls, the API-key authenticator, and the parts under them. One instance per process; disposing it
/// stops the provider processes (and closes the store when it owns it).
/// </summary>
public sealed class MandateCore : IAsyncDisposable
{
    private readonly bool _ownsStore;
    private readonly MandateCoreOptions _options;
    private readonly SemaphoreSlim _background = new(1, 1);
    private OperationWorker? _worker;
    private CancellationTokenSource? _sweeping;
    private Task _sweeper = Task.CompletedTask;
    private int _disposed;

    private MandateCore(IMandateStore store, MandateCoreOptions options)
    {
        Store = store;
        _options = options;
        Clock = options.Clock;
        _ownsStore = options.OwnsStore;
        // Provider output is scrubbed of the secrets handed to providers before any log sees it.
        var poolOptions = options.ProviderPool ?? new ProviderPoolOptions();
        Pool = new ProviderPool(poolOptions with { Log = new ScrubbingProviderLog(poolOptions.Log) });
        SecretProtector = options.Secrets ?? new SecretProtector(SecretKey.Generate());
        // The default: providers from the mirrors, configured from the project's cloud integrations.
        var resolver = options.ProviderResolver ?? new IntegrationProviderResolver(store, SecretProtector, (options.Resolution ?? new ProviderResolverOptions()) with
        {
            InstallCacheDirectory = options.Resolution?.InstallCacheDirectory ?? options.ProviderCacheDirectory,
            SchemaCache = options.Resolution?.SchemaCache ?? poolOptions.SchemaCache,
        });

        ProviderResolver = resolver;
        var providers = options.ProviderHost ?? Pool;
        Gate = new PolicyGate(store, new IntentPolicyEvaluator(), Clock);
        // One planner for the pipeline and crash recovery: both open and seal sensitive values the same way.
        var planner = new OperationPlanner(providers, resolver, SecretProtector);
        OperationService = new OperationService(store, planner, new OperationApplier(store, providers, Clock, SecretProtector), Gate, Clock, options.Operations);
        Recovery = new OperationRecovery(store, planner, Clock, options.Operations);
        Guard = new AccessGuard(store, Clock);
        Authenticator = new ApiKeyAuthenticator(store, Clock, options.AuthFailureLimits);
        Projects = new ProjectsApp(store, Guard, Clock);
        var sensitive = new SensitiveAttributes(providers, resolver);
        Resources = new ResourcesApp(store, Guard, OperationService, sensitive, Clock);
        Operations = new OperationsApp(store, Guard, OperationService, sensitive, Clock, Recovery);
        Policies = new PoliciesApp(store, Guard, Gate, Clock);
        Audit = new AuditApp(store, Guard);
        Locks = new LocksApp(store, Guard, Clock);
        Access = new AccessApp(store, Guard, Clock);
        Integrations = new IntegrationsApp(store, Guard, new IntegrationService(store, SecretProtector, Clock), Clock);
    }

    /// <summary>The store (SQLite or PostgreSQL).</summary>
    public IMandateStore Store { get; }

    /// <summary>The clock everything uses.</summary>
    public TimeProvider Clock { get; }

    /// <summary>Running provider processes, shared by every call.</summary>
    public ProviderPool Pool { get; }

    /// <summary>Which provider serves a resource type in a project.</summary>
    public IProviderResolver ProviderResolver { get; }

    /// <summary>Policy selection and evaluation.</summary>
    public PolicyGate Gate { get; }

    /// <summary>The policy-gated operation pipeline (not authorized: call it through <see cref="Resources"/> and <see cref="Operations"/>).</summary>
    public OperationService OperationService { get; }

    /// <summary>Crash reconciliation of operations left applying by a process that died.</summary>
    public OperationRecovery Recovery { get; }

    /// <summary>Authorization against the store's grants and space tree.</summary>
    public AccessGuard Guard { get; }

    /// <summary>API key authentication for MCP and REST.</summary>
    public ApiKeyAuthenticator Authenticator { get; }

    /// <summary>Projects.</summary>
    public ProjectsApp Projects { get; }

    /// <summary>Resources.</summary>
    public ResourcesApp Resources { get; }

    /// <summary>Operations and approvals.</summary>
    public OperationsApp Operations { get; }

    /// <summary>Intent policies.</summary>
    public PoliciesApp Policies { get; }

    /// <summary>The audit trail.</summary>
    public AuditApp Audit { get; }

    /// <summary>Project locks.</summary>
    public LocksApp Locks { get; }

    /// <summary>Spaces, principals, keys and roles.</summary>
    public AccessApp Access { get; }

    /// <summary>The running operation worker, once <see cref="StartBackgroundAsync"/> started it; null before and after.</summary>
    public OperationWorker? Worker => _worker;

    /// <summary>Cloud integrations and their attachment to projects.</summary>
    public IntegrationsApp Integrations { get; }

    /// <summary>Seals integration secrets and sensitive state at rest.</summary>
    internal SecretProtector SecretProtector { get; }

    /// <summary>Applies pending migrations to <paramref name="store"/> and composes the application layer over it.</summary>
    public static async Task<MandateCore> CreateAsync(IMandateStore store, MandateCoreOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        await store.MigrateAsync(cancellationToken);
        return new MandateCore(store, options ?? new MandateCoreOptions());
    }

    /// <summary>
    /// Starts what a server runs beside its requests: first reconciles operations a crash left unfinished
    /// (so nothing is applied twice), then the operation worker (queued operations nobody applies inline) and
    /// the expiry of pending operations past their review window. Returns the reconciliation report.
    /// </summary>
    public async Task<RecoveryReport> StartBackgroundAsync(Action<string, Exception>? onError = null, CancellationToken cancellationToken = default)
    {
        await _background.WaitAsync(cancellationToken);
        try
        {
            if (_worker is not null)
            {
                throw new InvalidOperationException("the background work of this MandateCore was already started");
            }

            var report = await Recovery.ReconcileAsync(cancellationToken);
            var workerOptions = onError is null || _options.Worker.OnError is not null ? _options.Worker : _options.Worker with { OnError = onError };
            _worker = new OperationWorker(OperationService, Store, Recovery, Clock, _options.Operations, workerOptions);
            _worker.Start();
            _sweeping = new CancellationTokenSource();
            var sweeper = new PendingExpirySweeper(Store, Clock);
            var token = _sweeping.Token;
            _sweeper = Task.Run(() => sweeper.RunAsync(_options.PendingSweepInterval, e => onError?.Invoke("pending-expiry", e), token), CancellationToken.None);
            return report;
        }
        finally
        {
            _background.Release();
        }
    }

    /// <summary>Stops the background work: no new claims, applies in flight get up to <paramref name="drain"/> to finish. True when all finished.</summary>
    public async Task<bool> StopBackgroundAsync(TimeSpan drain)
    {
        await _background.WaitAsync();
        try
        {
            if (_worker is null)
            {
                return await OperationService.DrainAsync(drain);
            }

            await _sweeping!.CancelAsync();
            try
            {
                await _sweeper;
            }
            catch (OperationCanceledException)
            {
                // The sweeper ends by cancellation.
            }

            var finished = await _worker.StopAsync(drain);
            await _worker.DisposeAsync();
            _sweeping.Dispose();
            _worker = null;
            return finished;
        }
        finally
        {
            _background.Release();
        }
    }

    /// <summary>Stops background work, stops provider processes, then closes the store if owned.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopBackgroundAsync(TimeSpan.FromSeconds(30));
        _background.Dispose();
        await Pool.DisposeAsync();
        if (_ownsStore)
        {
            await Store.DisposeAsync();
        }
    }
}
