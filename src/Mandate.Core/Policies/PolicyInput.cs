namespace Mandate.Core.Policies;

using System.Text.Json.Nodes;
using Mandate.Core.Model;

/// <summary>What a policy is asked about: one operation on one resource, with its context.</summary>
/// <param name="ProviderSource">Full or short provider address; policies see its type ("aws").</param>
/// <param name="CurrentState">The state before the operation; null for create.</param>
/// <param name="ProposedState">The planned state; null for delete. Unknown (known-after-apply) values are null here.</param>
/// <param name="UnknownPaths">Paths in <paramref name="ProposedState"/> whose values are known only after apply, e.g. "arn", "tags_all.Name".</param>
public sealed record PolicyInputContext(
    string ResourceId,
    string ResourceType,
    string ProviderSource,
    string ProviderVersion,
    OperationKind Operation,
    JsonObject? CurrentState,
    JsonObject? ProposedState,
    IReadOnlyList<string> UnknownPaths,
    ProjectRecord Project,
    string ActorId,
    string ActorName,
    bool Replacement = false);

/// <summary>
/// Builds the policy input document. <c>input.resource</c> is exactly the documented schema (resource_id,
/// resource_type, provider, provider_version, operation, current_state, proposed_state), so policies
/// written for the documented product run unchanged. Context Mandate adds lives under other keys:
/// <c>input.project</c> (id, name, space, labels), <c>input.actor</c> (id, name) and <c>input.plan</c>
/// (<c>unknown_paths</c>: attributes known only after apply, which are null in proposed_state;
/// <c>replacement</c>: true when this is the delete or create half of a replacement).
/// </summary>
public static class PolicyInput
{
    public static JsonObject Build(PolicyInputContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new JsonObject
        {
            ["resource"] = new JsonObject
            {
                ["resource_id"] = context.ResourceId,
                ["resource_type"] = context.ResourceType,
                ["provider"] = ProviderName(context.ProviderSource),
                ["provider_version"] = context.ProviderVersion,
                ["operation"] = context.Operation.ToWire(),
                ["current_state"] = context.CurrentState?.DeepClone(),
                ["proposed_state"] = context.ProposedState?.DeepClone(),
            },
            ["project"] = new JsonObject
            {
                ["id"] = context.Project.Id,
                ["name"] = context.Project.Name,
                ["space"] = context.Project.SpaceId,
                ["labels"] = new JsonArray(context.Project.Labels.Select(l => (JsonNode?)l).ToArray()),
            },
            ["actor"] = new JsonObject { ["id"] = context.ActorId, ["name"] = context.ActorName },
            ["plan"] = new JsonObject
            {
                ["unknown_paths"] = new JsonArray(context.UnknownPaths.Select(p => (JsonNode?)p).ToArray()),
                ["replacement"] = context.Replacement,
            },
        };
    }

    /// <summary>"registry.terraform.io/hashicorp/aws" → "aws": the name the documented input uses.</summary>
    public static string ProviderName(string providerSource)
    {
        ArgumentNullException.ThrowIfNull(providerSource);
        var slash = providerSource.LastIndexOf('/');
        return slash < 0 ? providerSource : providerSource[(slash + 1)..];
    }
}
