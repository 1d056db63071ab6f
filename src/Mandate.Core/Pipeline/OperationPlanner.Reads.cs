namespace Mandate.Core.Pipeline;

using System.Text;
using Mandate.Core.Model;
using Mandate.Providers.Cty;
using Mandate.Providers.Lifecycle;
using Mandate.Providers.Messages;
using Mandate.Providers.Pool;
using Mandate.Providers.Schema;

/// <summary>What the provider reports about a real object: the state Mandate holds (if any) and the one that exists.</summary>
/// <param name="Stored">The stored state after UpgradeResourceState; null for an import.</param>
/// <param name="Real">The object as it exists; null when it no longer does.</param>
public sealed record ReadBack(ProviderSpec Provider, string ResourceType, SchemaBlock Schema, ResourceState? Stored, ResourceState? Real)
{
    /// <summary>The object Mandate holds state for no longer exists.</summary>
    public bool Gone => Stored is not null && Real is null;
}

/// <summary>A plan for people: the changes and both states, sensitive values redacted.</summary>
public sealed record PlanReview(IReadOnlyList<AttributeChange> Changes, System.Text.Json.Nodes.JsonObject? CurrentState, System.Text.Json.Nodes.JsonObject? ProposedState);

/// <summary>Reading real objects (refresh, import) and showing plans attribute by attribute.</summary>
public sealed partial class OperationPlanner
{
    /// <summary>
    /// <paramref name="planned"/> as a reviewer sees it: the changes attribute by attribute (replacements and
    /// unknown-after-apply values marked) and both states, with the schema's sensitive values redacted.
    /// </summary>
    public async Task<PlanReview> ReviewAsync(PlannedChange planned, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planned);
        var schema = await ResourceSchemaAsync(planned.Provider, planned.Plan.TypeName, cancellationToken);
        var type = schema.ImpliedType();
        var before = planned.Plan.Prior?.Value ?? CtyValue.Null(type);
        // A delete plans no state: everything is removed. A replacement's planned state is the new object's.
        var after = planned.Plan.PlannedState ?? CtyValue.Null(type);
        return new PlanReview(
            AttributeChanges.Between(schema, before, after, planned.Plan.RequiresReplace),
            AttributeChanges.Redacted(schema, before),
            AttributeChanges.Redacted(schema, after));
    }

    /// <summary>Reads <paramref name="resource"/>'s real object through the provider (ReadResource on the upgraded stored state).</summary>
    public async Task<ReadBack> RefreshAsync(ProjectRecord project, ResourceRecord resource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var stateJson = resource.StateJson
            ?? throw new MandateException(MandateErrorCodes.Conflict, $"resource '{resource.ResourceId}' has no state yet; there is nothing to refresh");
        var spec = await resolver.ResolveAsync(project, resource.Type, cancellationToken);
        var schema = await ResourceSchemaAsync(spec, resource.Type, cancellationToken);
        return await pool.UseAsync(spec, async (provider, ct) =>
        {
            var lifecycle = new ResourceLifecycle(provider);
            var (stored, upgradeDiagnostics) = await lifecycle.UpgradeAsync(
                new StoredResourceState(resource.Type, resource.SchemaVersion, Encoding.UTF8.GetBytes(stateJson), resource.PrivateData ?? []), ct);
            if (stored is null)
            {
                throw ProviderFailure("upgrading the stored state", upgradeDiagnostics);
            }

            var refreshed = await lifecycle.RefreshAsync(stored, ct);
            if (!refreshed.Succeeded)
            {
                throw ProviderFailure($"reading {resource.Type} '{resource.ResourceId}'", refreshed.Diagnostics);
            }

            return new ReadBack(spec, resource.Type, schema, stored, refreshed.State);
        }, cancellationToken);
    }

    /// <summary>Adopts an existing object: ImportResourceState, then ReadResource. A missing object is <see cref="MandateErrorCodes.NotFound"/>.</summary>
    public async Task<ReadBack> ImportAsync(ProjectRecord project, string resourceType, string importId, CancellationToken cancellationToken)
    {
        var spec = await resolver.ResolveAsync(project, resourceType, cancellationToken);
        var schema = await ResourceSchemaAsync(spec, resourceType, cancellationToken);
        var imported = await pool.UseAsync(spec, (provider, ct) => new ResourceLifecycle(provider).ImportAsync(resourceType, importId, ct), cancellationToken);
        if (imported.State is null)
        {
            var code = imported.Diagnostics.Any(d => d.Summary.Contains("non-existent", StringComparison.OrdinalIgnoreCase))
                ? MandateErrorCodes.NotFound
                : MandateErrorCodes.ProviderError;
            throw new MandateException(code,
                $"could not import {resourceType} with id '{importId}' from {spec.Address} {spec.Version}: {imported.Diagnostics.Describe()}");
        }

        return new ReadBack(spec, resourceType, schema, null, imported.State);
    }

    private async Task<SchemaBlock> ResourceSchemaAsync(ProviderSpec spec, string resourceType, CancellationToken cancellationToken)
    {
        var response = await pool.GetSchemaAsync(spec, cancellationToken);
        var schema = response.Schema ?? throw ProviderFailure("reading the provider schema", response.Diagnostics);
        if (!schema.ResourceTypes.TryGetValue(resourceType, out var resourceSchema))
        {
            var hints = DidYouMean.Suggest(resourceType, schema.ResourceTypes.Keys);
            throw new MandateException(MandateErrorCodes.InvalidArgument,
                $"resource type '{resourceType}' is not provided by {spec.Address} {spec.Version}" +
                (hints.Count > 0 ? $"; did you mean {string.Join(", ", hints.Select(h => $"'{h}'"))}?" : ""));
        }

        return resourceSchema.Block;
    }
}
