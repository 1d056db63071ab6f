namespace Mandate.Core.Pipeline;

using System.Text.Json.Nodes;
using Mandate.Core.Model;
using Mandate.Core.Policies;
using Mandate.Providers.Cty;

/// <summary>One attribute whose real value differs from the value Mandate has stored.</summary>
/// <param name="Path">Where, e.g. <c>billing_mode</c> or <c>tags["team"]</c>.</param>
/// <param name="Stored">The value in Mandate's state (redacted when sensitive).</param>
/// <param name="Real">The value the provider reads now (redacted when sensitive).</param>
public sealed record DriftedAttribute(string Path, JsonNode? Stored, JsonNode? Real, bool Sensitive);

/// <summary>What a refresh found and did.</summary>
/// <param name="Operation">The refresh as recorded: succeeded (state written, or nothing drifted), denied or pending review.</param>
/// <param name="Gone">The object no longer exists in the cloud. Its state is kept unchanged (see <see cref="OperationService.RefreshAsync"/>).</param>
/// <param name="Drift">Every attribute whose real value differs from the stored one.</param>
/// <param name="Decision">The policy decision on taking the real state; null when nothing changed.</param>
/// <param name="State">The resource's state after the refresh.</param>
public sealed record RefreshOutcome(OperationRecord Operation, bool Gone, IReadOnlyList<DriftedAttribute> Drift, PolicyDecision? Decision, JsonObject? State);

public sealed partial class OperationService
{
    /// <summary>
    /// Reads the real object through the provider and reports every drifted attribute. When it drifted, taking
    /// the real state is judged by policy as operation <c>refresh</c> (current_state: the stored state,
    /// proposed_state: the real one); if allowed, the real state becomes a new state version. The stored config
    /// is never changed: it is what the user asked for, and the next update plans back towards it.
    /// <para>
    /// An object that no longer exists is reported as gone and its state is left as it was: a missing object is
    /// as often a wrong region or endpoint as a deletion, so Mandate does not forget it on its own. The result
    /// says what to do: <c>eject</c> to forget it, or delete it (which plans the removal of what is already gone).
    /// </para>
    /// </summary>
    public async Task<RefreshOutcome> RefreshAsync(Actor actor, string sessionId, string projectId, string resourceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var project = await ProjectAsync(projectId, cancellationToken);
        var resource = await ResourceAsync(project, resourceId, cancellationToken);
        await _locks.AcquireAsync(project.Id, project.Name, sessionId, actor.Id, cancellationToken);
        var (read, plan, hash, _) = await RefreshReportAsync(project, resourceId, resource, cancellationToken);
        var drift = Drift(plan);
        var storedView = JsonNode.Parse(resource.StateJson!) as JsonObject;
        var request = new JsonObject();
        if (read.Gone)
        {
            plan["gone"] = true;
            plan["advice"] = $"the object behind '{resourceId}' no longer exists; eject '{resourceId}' to forget it, or create it again";
            var gone = NewReadBackOperation(actor, sessionId, project, resourceId, OperationKind.Refresh, request, plan, hash, null);
            await store.Operations.CreateAsync(gone, cancellationToken);
            return new RefreshOutcome(gone, Gone: true, [], null, storedView);
        }

        if (drift.Count == 0)
        {
            var unchanged = NewReadBackOperation(actor, sessionId, project, resourceId, OperationKind.Refresh, request, plan, hash, null);
            await store.Operations.CreateAsync(unchanged, cancellationToken);
            return new RefreshOutcome(unchanged, Gone: false, [], null, storedView);
        }

        var decision = await DecideReadBackAsync(project, resourceId, OperationKind.Refresh, read, actor, cancellationToken);
        var operation = NewReadBackOperation(actor, sessionId, project, resourceId, OperationKind.Refresh, request, plan, hash, decision);
        if (operation.Status != OperationStatus.Succeeded)
        {
            await store.Operations.CreateAsync(operation, cancellationToken);
            return new RefreshOutcome(operation, Gone: false, drift, decision, storedView);
        }

        await WriteReadBackAsync(operation, pendingBefore: false, read, resource, resource.ConfigJson, cancellationToken);
        return new RefreshOutcome(operation, Gone: false, drift, decision, View(read, read.Real));
    }

    private async Task<(ReadBack Read, JsonObject Plan, string Hash, string ConfigJson)> RefreshReportAsync(ProjectRecord project, string resourceId,
        ResourceRecord? resource, CancellationToken cancellationToken)
    {
        resource ??= await ResourceAsync(project, resourceId, cancellationToken);
        var read = await planner.RefreshAsync(project, resource, cancellationToken);
        IReadOnlyList<AttributeChange> changes = read.Real is null
            ? []
            : [.. AttributeChanges.Between(read.Schema, read.Stored!.Value, read.Real.Value, Array.Empty<CtyPath>()).Where(c => !IsNormalisation(c))];
        var (plan, hash) = ReadBackPlan("refresh", read, changes);
        return (read, plan, hash, resource.ConfigJson);
    }

    // Providers often read an unset collection back as an empty one (tags: null → {}): the same thing to the
    // user and to Terraform's plans, so it is not reported as drift nor written as a new state version.
    private static bool IsNormalisation(AttributeChange change) => IsEmpty(change.Before) && IsEmpty(change.After);

    private static bool IsEmpty(JsonNode? value) => value is null or JsonObject { Count: 0 } or JsonArray { Count: 0 };

    private static List<DriftedAttribute> Drift(JsonObject plan) =>
        plan["changes"]!.AsArray().Select(c => new DriftedAttribute(
            c!["path"]!.GetValue<string>(), c["before"]?.DeepClone(), c["after"]?.DeepClone(), c["sensitive"]!.GetValue<bool>())).ToList();
}
