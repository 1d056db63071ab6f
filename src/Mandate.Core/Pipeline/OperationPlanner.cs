namespace Mandate.Core.Pipeline;

using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Mandate.Core.Audit;
using Mandate.Core.Model;
using Mandate.Core.Secrets;
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
    string PlanHash)
{
    /// <summary>The resource type's schema (says which values are sensitive, for sealing them at rest).</summary>
    public ResourceSchema? Schema { get; init; }

    /// <summary>Plain text of the sensitive values in play, scrubbed from any message that is kept or returned.</summary>
    public IReadOnlyList<string> SensitiveTexts { get; init; } = [];
}

/// <summary>
/// Turns a request into a provider plan: resolve the provider, check the type and the config against the
/// schema (actionable errors), upgrade stored state, and plan with Terraform core's semantics.
/// </summary>
/// <remarks>
/// With <paramref name="secrets"/>, sealed values in stored config and state are opened only here, where they
/// are handed to the provider; without it, a plan that involves sensitive values is refused (fail closed).
/// </remarks>
public sealed partial class OperationPlanner(IProviderHost pool, IProviderResolver resolver, SecretProtector? secrets = null)
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

        config = OpenSealed(project, config);
        CtyValue? configValue = null;
        if (config is not null)
        {
            var validation = ConfigValidator.Validate(resourceSchema.Block, config);
            if (!validation.IsValid)
            {
                throw Scrub(new MandateException(MandateErrorCodes.InvalidArgument,
                    $"the configuration of {resourceType} is not valid: {string.Join("; ", validation.Errors.Select(e => e.ToString()))}",
                    new Dictionary<string, object?> { ["errors"] = validation.Errors.Select(e => e.ToString()).ToList() }), SensitiveTexts(resourceSchema, config, null));
            }

            configValue = validation.Value;
        }

        var priorJson = prior?.StateJson is { } storedJson ? OpenSealed(project, storedJson) : null;
        var sensitive = SensitiveTexts(resourceSchema, config, priorJson);
        KnownSecrets.Remember(sensitive);
        var plan = await pool.UseAsync(spec, async (provider, ct) =>
        {
            var lifecycle = new ResourceLifecycle(provider);
            ResourceState? priorState = null;
            if (prior is not null && priorJson is { } stateJson)
            {
                var (upgraded, diagnostics) = await lifecycle.UpgradeAsync(
                    new StoredResourceState(resourceType, prior.SchemaVersion, Encoding.UTF8.GetBytes(stateJson), prior.PrivateData ?? []), ct);
                priorState = upgraded ?? throw Scrub(ProviderFailure("upgrading the stored state", diagnostics), sensitive);
                // A tainted object (a failed create left it) is replaced by the next plan that has a config.
                priorState = priorState with { Tainted = prior.Tainted };
            }

            return await lifecycle.PlanAsync(resourceType, priorState, configValue, cancellationToken: ct);
        }, cancellationToken);
        if (!plan.Succeeded)
        {
            throw Scrub(ProviderFailure($"planning {resourceType}", plan.Diagnostics), sensitive);
        }

        RequireKeyFor(resourceType, sensitive);
        // Views for policies, reviewers and callers show the marker where the schema says a value is sensitive.
        var current = plan.Prior is null ? null : CtyPlainJson.ToView(SensitiveMarks.Apply(resourceSchema.Block, plan.Prior.Value)).Value as JsonObject;
        var proposedView = plan.PlannedState is null ? null : CtyPlainJson.ToView(SensitiveMarks.Apply(resourceSchema.Block, plan.PlannedState));
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
        if (prior?.Tainted == true)
        {
            // Said only when true, so the plans (and hashes) of untainted resources are what they always were.
            planJson["tainted"] = true;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalJson.Serialize(planJson))));
        return new PlannedChange(spec, plan, current, proposed, unknown, planJson, hash) { Schema = resourceSchema, SensitiveTexts = sensitive };
    }

    internal static MandateException ProviderFailure(string what, IReadOnlyList<Diagnostic> diagnostics) =>
        new(MandateErrorCodes.ProviderError, $"the provider reported errors while {what}: {diagnostics.Describe()}");
}
