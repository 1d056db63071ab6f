namespace Mandate.Core.Application;

using Mandate.Core.Audit;
using Mandate.Core.Model;
using Mandate.Core.Policies;

/// <summary>
/// The audit entry of an operation's outcome: action <c>resource.&lt;kind&gt;</c> (a <see cref="Access.MandateAction"/>
/// name), the resource as target, the policy decision with its reasons, and who approved it. The payload
/// names attributes by what happened, never by value, so no configuration or state (and no secret in
/// them) reaches the trail.
/// </summary>
public static class OperationAuditEvents
{
    /// <summary>The event for <paramref name="operation"/> as it stands, acted by <paramref name="actorId"/>.</summary>
    public static AuditEvent For(OperationRecord operation, PolicyDecision? decision, string actorId, string actorDisplay, DateTimeOffset time,
        long? stateVersion = null)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var payload = new AuditPayloadBuilder()
            .Add("operation", operation.Id)
            .Add("kind", operation.Kind.ToWire())
            .Add("status", operation.Status.ToWire())
            .Add("session", operation.SessionId)
            .Add("requested_by", operation.RequestedBy)
            .Add("decided_by", operation.DecidedBy)
            .Add("plan_hash", operation.PlanHash)
            .Add("decision", decision is null ? null : OutcomeName(decision.Outcome))
            .Add("deny_reasons", decision?.DenyReasons ?? [])
            .Add("allow_reasons", decision?.AllowReasons ?? [])
            .Add("policies", decision?.Verdicts.Select(v => $"{v.PolicyName}@{v.PolicyVersion}").Distinct(StringComparer.Ordinal) ?? [])
            .Add("error", operation.Error)
            .Add("recovery", operation.Recovery);
        if (stateVersion is { } version)
        {
            payload.Add("state_version", version);
        }

        return new AuditEvent(time, actorId, actorDisplay, "resource." + operation.Kind.ToWire(), "resource",
            $"{operation.ProjectId}/{operation.ResourceId}", operation.ProjectId, operation.ResourceId, OutcomeOf(operation.Status), payload.Build());
    }

    /// <summary>The audit outcome of an operation status.</summary>
    public static string OutcomeOf(OperationStatus status) => status switch
    {
        OperationStatus.Succeeded => AuditOutcomes.Succeeded,
        OperationStatus.Denied or OperationStatus.Rejected => AuditOutcomes.Denied,
        OperationStatus.PendingReview or OperationStatus.Queued or OperationStatus.Requested or OperationStatus.Applying => AuditOutcomes.Pending,
        _ => AuditOutcomes.Failed,
    };

    /// <summary><c>allowed</c>, <c>denied</c> or <c>pending_review</c>.</summary>
    public static string OutcomeName(PolicyOutcome outcome) => outcome switch
    {
        PolicyOutcome.Allowed => "allowed",
        PolicyOutcome.Denied => "denied",
        _ => "pending_review",
    };
}
