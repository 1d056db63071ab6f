namespace Mandate.Core.Application;

using Mandate.Core.Keys;
using Mandate.Core.Pipeline;
using Mandate.Core.Pipeline.Worker;
using Mandate.Core.Policies;
using Mandate.Core.Stores;
using Mandate.Providers.Pool;

/// <summary>How to compose <see cref="MandateCore"/>; every part has a working default.</summary>
public sealed record MandateCoreOptions
{
    /// <summary>Where providers come from and how they are configured; default <see cref="MirrorProviderResolver"/>.</summary>
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

    /// <summary>When true (the default) disposing <see cref="MandateCore"/> also disposes the store.</summary>
    public bool OwnsStore { get; init; } = true;

    /// <summary>The operation worker that <see cref="MandateCore.StartWorkerAsync"/> starts (slots, poll interval).</summary>
    public WorkerOptions Worker { get; init; } = new();
}

/// <summary>
/// Mandate's application layer, composed: the app services every transport (MCP, REST, CLI, console)
/// calls, the API-key authenticator, and the parts under them. One instance per process; disposing it
/// stops the provider processes (and closes the store when it owns it).
/// </summary>
public sealed class MandateCore : IAsyncDisposable
{
    private readonly bool _ownsStore;
    private readonly MirrorProviderResolver? _ownedResolver;
    private int _disposed;

    private MandateCore(IMandateStore store, MandateCoreOptions options)
    {
        Store = store;
        Clock = options.Clock;
        _ownsStore = options.OwnsStore;
        Pool = new ProviderPool(options.ProviderPool);
        var resolver = options.ProviderResolver;
        if (resolver is null)
        {
            var mirror = new MirrorProviderResolver(MirrorProviderResolver.DefaultMirrorDirectories(),
                options.ProviderCacheDirectory ?? Path.Combine(Path.GetTempPath(), "mandate-providers"));
            _ownedResolver = mirror;
            resolver = mirror;
        }

        ProviderResolver = resolver;
        Gate = new PolicyGate(store, new IntentPolicyEvaluator(), Clock);
        OperationService = new OperationService(store, new OperationPlanner(Pool, resolver), new OperationApplier(store, Pool, Clock), Gate, Clock,
            options.Operations);
        Guard = new AccessGuard(store, Clock);
        Authenticator = new ApiKeyAuthenticator(store, Clock, options.AuthFailureLimits);
        Projects = new ProjectsApp(store, Guard, Clock);
        Resources = new ResourcesApp(store, Guard, OperationService, new SensitiveAttributes(Pool, resolver), Clock);
        Operations = new OperationsApp(store, Guard, OperationService, Clock);
        Policies = new PoliciesApp(store, Guard, Gate, Clock);
        Audit = new AuditApp(store, Guard);
        Locks = new LocksApp(store, Guard, Clock);
        Access = new AccessApp(store, Guard, Clock);
        Recovery = new OperationRecovery(store, Pool, resolver, Clock, options.Operations);
        Worker = new OperationWorker(OperationService, store, Recovery, Clock, options.Operations, options.Worker);
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

    /// <summary>Reconciles operations a crashed process left unfinished (see <see cref="OperationRecovery"/>).</summary>
    public OperationRecovery Recovery { get; }

    /// <summary>Applies queued operations in the background once <see cref="StartWorkerAsync"/> ran.</summary>
    public OperationWorker Worker { get; }

    /// <summary>
    /// Start-up of a serving process: first reconciles what a crash left applying, then starts the worker that
    /// applies queued operations (also those a stopped process left). Commands that only read never call it.
    /// Disposing stops the worker and lets the applies in flight finish.
    /// </summary>
    public async Task<RecoveryReport> StartWorkerAsync(CancellationToken cancellationToken = default)
    {
        var report = await Recovery.ReconcileAsync(cancellationToken);
        Worker.Start();
        return report;
    }

    /// <summary>Applies pending migrations to <paramref name="store"/> and composes the application layer over it.</summary>
    public static async Task<MandateCore> CreateAsync(IMandateStore store, MandateCoreOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        await store.MigrateAsync(cancellationToken);
        return new MandateCore(store, options ?? new MandateCoreOptions());
    }

    /// <summary>Stops provider processes, then closes the store if owned.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // The worker first: an apply in flight still needs its provider and the store to finish and record its result.
        await Worker.DisposeAsync();
        await Pool.DisposeAsync();
        if (_ownedResolver is not null)
        {
            await _ownedResolver.DisposeAsync();
        }

        if (_ownsStore)
        {
            await Store.DisposeAsync();
        }
    }
}
