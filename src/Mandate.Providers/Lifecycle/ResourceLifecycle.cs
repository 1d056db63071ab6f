using Mandate.Providers.Cty;
using Mandate.Providers.Messages;
using Mandate.Providers.Protocols;
using Mandate.Providers.Schema;

namespace Mandate.Providers.Lifecycle;

/// <summary>
/// Terraform core's handling of one managed resource, over any <see cref="IProvider"/>: plan (with ProposedNew
/// built from prior state and config), replacement when the provider requires it, apply, refresh with drift,
/// import, upgrade of stored state, and data source reads. The provider must already be configured.
/// </summary>
public sealed partial class ResourceLifecycle
{
    private readonly IProvider _provider;

    public ResourceLifecycle(IProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _provider = provider;
    }

    /// <summary>
    /// Plans bringing a resource from <paramref name="prior"/> to <paramref name="config"/>: a create when there is
    /// no prior state, a delete when there is no config, else an update, a replacement or nothing.
    /// </summary>
    /// <param name="config">The full configuration object (see <see cref="ObjectShape"/>), or null to delete.</param>
    /// <param name="createBeforeDestroy">For a replacement, create the new object before destroying the old one.</param>
    public async Task<ResourcePlan> PlanAsync(string typeName, ResourceState? prior, CtyValue? config, bool createBeforeDestroy = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        var diagnostics = new List<Diagnostic>();
        var schema = await ResourceSchemaAsync(typeName, diagnostics, cancellationToken).ConfigureAwait(false);
        if (schema is null)
        {
            return Failed(typeName, prior, config, diagnostics);
        }

        var type = schema.ImpliedType();
        if (config is null)
        {
            if (prior is null)
            {
                return new ResourcePlan { TypeName = typeName, Action = ChangeAction.NoOp, Diagnostics = diagnostics };
            }

            var destroy = await PlanDestroyAsync(typeName, prior, type, diagnostics, cancellationToken).ConfigureAwait(false);
            return new ResourcePlan { TypeName = typeName, Action = ChangeAction.Delete, Prior = prior, DestroyPlan = destroy, Diagnostics = diagnostics };
        }

        var validation = await _provider.ValidateResourceConfigAsync(new ValidateResourceConfigRequest(typeName, config), cancellationToken).ConfigureAwait(false);
        diagnostics.AddRange(validation.Diagnostics);
        if (validation.Diagnostics.HasErrors())
        {
            return Failed(typeName, prior, config, diagnostics);
        }

        var priorValue = prior?.Value ?? CtyValue.Null(type);
        var change = await PlanChangeAsync(typeName, schema, priorValue, config, prior?.Private ?? default, diagnostics, cancellationToken).ConfigureAwait(false);
        if (change?.PlannedState is not { } planned)
        {
            return Failed(typeName, prior, config, diagnostics);
        }

        if (prior is null)
        {
            return new ResourcePlan { TypeName = typeName, Action = ChangeAction.Create, Config = config, PlannedState = planned, ChangePlan = change, Diagnostics = diagnostics };
        }

        var replacing = ChangedPaths(change.RequiresReplace, prior.Value, planned);
        if (replacing.Count == 0 && !prior.Tainted)
        {
            var action = planned.EqualsIgnoringMarks(prior.Value) ? ChangeAction.NoOp : ChangeAction.Update;
            return new ResourcePlan { TypeName = typeName, Action = action, Prior = prior, Config = config, PlannedState = planned, ChangePlan = change, Diagnostics = diagnostics };
        }

        // A replacement: the new object is planned as a create (no prior), the old one as a destroy — what
        // Terraform core does, so computed attributes of the new object are unknown rather than carried over.
        var create = await PlanChangeAsync(typeName, schema, CtyValue.Null(type), config, default, diagnostics, cancellationToken).ConfigureAwait(false);
        var destroyOld = await PlanDestroyAsync(typeName, prior, type, diagnostics, cancellationToken).ConfigureAwait(false);
        return new ResourcePlan
        {
            TypeName = typeName,
            Action = createBeforeDestroy ? ChangeAction.CreateThenDelete : ChangeAction.DeleteThenCreate,
            Prior = prior,
            Config = config,
            PlannedState = create?.PlannedState,
            RequiresReplace = replacing,
            ChangePlan = create,
            DestroyPlan = destroyOld,
            Diagnostics = diagnostics,
        };
    }

    private async Task<PlanResourceChangeResponse?> PlanChangeAsync(
        string typeName, ResourceSchema schema, CtyValue prior, CtyValue config, ReadOnlyMemory<byte> priorPrivate,
        List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var proposed = ProposedNew.Compute(schema.Block, prior, config);
        var response = await _provider.PlanResourceChangeAsync(
            new PlanResourceChangeRequest(typeName, prior, proposed, config, priorPrivate), cancellationToken).ConfigureAwait(false);
        diagnostics.AddRange(response.Diagnostics);
        return response.Diagnostics.HasErrors() ? null : response;
    }

    private async Task<PlanResourceChangeResponse?> PlanDestroyAsync(
        string typeName, ResourceState prior, CtyType type, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        // Destroy = proposed null and config null; the provider may still veto it or attach private data.
        var nothing = CtyValue.Null(type);
        var response = await _provider.PlanResourceChangeAsync(
            new PlanResourceChangeRequest(typeName, prior.Value, nothing, nothing, prior.Private), cancellationToken).ConfigureAwait(false);
        diagnostics.AddRange(response.Diagnostics);
        return response.Diagnostics.HasErrors() ? null : response;
    }

    /// <summary>
    /// The provider lists every attribute that would force replacement if it changed; only those whose planned
    /// value differs from the prior one (unknown counts as different) actually force it.
    /// </summary>
    private static List<CtyPath> ChangedPaths(IReadOnlyList<CtyPath> requiresReplace, CtyValue prior, CtyValue planned)
    {
        var changed = new List<CtyPath>();
        foreach (var path in requiresReplace)
        {
            var before = path.Apply(prior);
            var after = path.Apply(planned);
            var same = before is not null && after is not null && after.IsWhollyKnown && after.EqualsIgnoringMarks(before);
            var bothAbsent = before is null && after is null;
            if (!same && !bothAbsent)
            {
                changed.Add(path);
            }
        }

        return changed;
    }

    private async Task<ResourceSchema?> ResourceSchemaAsync(string typeName, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var response = await _provider.GetProviderSchemaAsync(cancellationToken).ConfigureAwait(false);
        if (response.Schema is null)
        {
            diagnostics.AddRange(response.Diagnostics);
            return null;
        }

        return ProviderCalls.Find(response.Schema.ResourceTypes, "resource", typeName, diagnostics);
    }

    private static ResourcePlan Failed(string typeName, ResourceState? prior, CtyValue? config, List<Diagnostic> diagnostics) =>
        new() { TypeName = typeName, Action = ChangeAction.NoOp, Prior = prior, Config = config, Diagnostics = diagnostics };
}
