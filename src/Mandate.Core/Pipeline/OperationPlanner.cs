namespace Mandate.Core.Pipeline;

using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Mandate.Core.Audit;
using Mandate.Core.Model;
using Mandate.Providers.Cty;
using Mandate.Providers.Cty.Json;
using Mandate.Providers.Lifecycle;
using Mandate.Providers.Messages;
using Mandate.Providers.Pool;
using Mandate.Providers.Schema;

/// <summary>A plan the pipeline can judge, show and later apply.</summary>
/// <param name="Plan">The provider's plan, applied exactly as planned.</param>
/// <param name="ProposedState">Planned state as plain JSON (unknowns null), for policies and people.</param>
/// <param name="UnknownPaths">Paths known only after apply.</param>
/// <param name="PlanJson">What reviewers see; its hash pins approvals.</param>
public sealed record PlannedChange(
    ProviderSpec Provider,
    ResourcePlan Plan,
    JsonObject? CurrentState,
    JsonObject? ProposedState,
    IReadOnlyList<string> UnknownPaths,
    JsonObject PlanJson,
    string PlanHash);

/// <summary>
/// Turns a request into a provider plan: resolve the provider, check the type and the config against the
/// schema (actionable errors), upgrade stored state, and plan with Terraform core's semantics.
/// </summary>
public sealed partial class OperationPlanner(ProviderPool pool, IProviderResolver resolver)
{
    public async Task<PlannedChange> PlanAsync(ProjectRecord project, string resourceType, ResourceRecord? prior, JsonObject? config,
        CancellationToken cancellationToken)
    {
        var spec = await resolver.ResolveAsync(project, resourceType, cancellationToken);
        var schemaResponse = await pool.GetSchemaAsync(spec, cancellationToken);
        var schema = schemaResponse.Schema ?? throw ProviderFailure("reading the provider schema", schemaResponse.Diagnostics);
        if (!schema.ResourceTypes.TryGetValue(resourceType, out var resourceSchema))
        {
            var hints = DidYouMean.Suggest(resourceType, schema.ResourceTypes.Keys);
            throw new MandateException(MandateErrorCodes.InvalidArgument,
                $"resource type '{resourceType}' is not provided by {spec.Address} {spec.Version}" +
                (hints.Count > 0 ? $"; did you mean {string.Join(", ", hints.Select(h => $"'{h}'"))}?" : ""));
        }

        CtyValue? configValue = null;
        if (config is not null)
        {
            var validation = ConfigValidator.Validate(resourceSchema.Block, config);
            if (!validation.IsValid)
            {
                throw new MandateException(MandateErrorCodes.InvalidArgument,
                    $"the configuration of {resourceType} is not valid: {string.Join("; ", validation.Errors.Select(e => e.ToString()))}",
                    new Dictionary<string, object?> { ["errors"] = validation.Errors.Select(e => e.ToString()).ToList() });
            }

            configValue = validation.Value;
        }

        var plan = await pool.UseAsync(spec, async (provider, ct) =>
        {
            var lifecycle = new ResourceLifecycle(provider);
            ResourceState? priorState = null;
            if (prior?.StateJson is { } stateJson)
            {
                var (upgraded, diagnostics) = await lifecycle.UpgradeAsync(
                    new StoredResourceState(resourceType, prior.SchemaVersion, Encoding.UTF8.GetBytes(stateJson), prior.PrivateData ?? []), ct);
                priorState = upgraded ?? throw ProviderFailure("upgrading the stored state", diagnostics);
            }

            return await lifecycle.PlanAsync(resourceType, priorState, configValue, cancellationToken: ct);
        }, cancellationToken);
        if (!plan.Succeeded)
        {
            throw ProviderFailure($"planning {resourceType}", plan.Diagnostics);
        }

        var current = plan.Prior is null ? null : CtyPlainJson.ToView(plan.Prior.Value).Value as JsonObject;
        var proposedView = plan.PlannedState is null ? null : CtyPlainJson.ToView(plan.PlannedState);
        var proposed = proposedView?.Value as JsonObject;
        var unknown = proposedView?.UnknownPaths ?? [];
        var planJson = new JsonObject
        {
            ["action"] = plan.Action.ToString().ToLowerInvariant(),
            ["resource_type"] = resourceType,
            ["provider"] = spec.Address,
            ["provider_version"] = spec.Version,
            ["current_state"] = current?.DeepClone(),
            ["proposed_state"] = proposed?.DeepClone(),
            ["unknown_paths"] = new JsonArray(unknown.Select(p => (JsonNode?)p).ToArray()),
            ["requires_replace"] = new JsonArray(plan.RequiresReplace.Select(p => (JsonNode?)p.ToString()).ToArray()),
        };
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalJson.Serialize(planJson))));
        return new PlannedChange(spec, plan, current, proposed, unknown, planJson, hash);
    }

    internal static MandateException ProviderFailure(string what, IReadOnlyList<Diagnostic> diagnostics) =>
        new(MandateErrorCodes.ProviderError, $"the provider reported errors while {what}: {diagnostics.Describe()}");
}
