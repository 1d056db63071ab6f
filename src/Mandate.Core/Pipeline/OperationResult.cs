namespace Mandate.Core.Pipeline;

using System.Text.Json.Nodes;
using Mandate.Core.Model;
using Mandate.Core.Policies;

/// <summary>What a mutating call did: the operation as recorded, the policy decision, and the resulting state.</summary>
/// <param name="State">The resource's state after the operation (null when not applied or deleted).</param>
public sealed record OperationResult(OperationRecord Operation, PolicyDecision? Decision, JsonObject? Plan, JsonObject? State);
