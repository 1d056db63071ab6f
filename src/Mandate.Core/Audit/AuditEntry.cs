namespace Mandate.Core.Audit;

/// <summary>Outcome names used in audit entries.</summary>
public static class AuditOutcomes
{
    /// <summary>The action was carried out.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>Refused: authorization, authentication, policy or approval said no.</summary>
    public const string Denied = "denied";

    /// <summary>Attempted and failed (provider error, conflict, crash reconciled as failed).</summary>
    public const string Failed = "failed";

    /// <summary>Waiting for approval.</summary>
    public const string Pending = "pending";
}

/// <summary>
/// Something that happened, before it takes its place in the chain. Build <see cref="Payload"/> with
/// <see cref="AuditPayloadBuilder"/> so secrets cannot enter the trail.
/// </summary>
/// <param name="Time">When it happened. Kept to whole microseconds in UTC (PostgreSQL's precision), so
/// the hash survives a round trip through either store.</param>
/// <param name="ActorId">The real actor's principal id (user id or key id), or e.g. <c>system</c>.</param>
/// <param name="ActorDisplay">The actor's display name at the time.</param>
/// <param name="Action">What was done, e.g. <c>resource.create</c> or <c>auth.failed</c>.</param>
/// <param name="TargetKind">What kind of thing it was done to, e.g. <c>resource</c>, <c>policy</c>, <c>api-key</c>.</param>
/// <param name="TargetId">Which one.</param>
/// <param name="ProjectId">The project involved, if any (for search).</param>
/// <param name="ResourceId">The resource involved, if any (for search).</param>
/// <param name="Outcome">One of <see cref="AuditOutcomes"/>.</param>
/// <param name="Payload">Details, canonical JSON, secrets already redacted.</param>
public sealed record AuditEvent(DateTimeOffset Time, string ActorId, string ActorDisplay, string Action,
    string TargetKind, string TargetId, string? ProjectId, string? ResourceId, string Outcome, AuditPayload Payload);

/// <summary>
/// One row of the append-only audit trail, chained to the one before by <see cref="PreviousHash"/>.
/// Create with <see cref="AuditChain.Seal"/>; the store persists every field as is (the payload as
/// text) and reads them back unchanged.
/// </summary>
/// <param name="Sequence">1 for the first entry, then consecutive.</param>
/// <param name="Time">When it happened (UTC, whole microseconds).</param>
/// <param name="ActorId">The actor's principal id.</param>
/// <param name="ActorDisplay">The actor's display name at the time.</param>
/// <param name="Action">What was done.</param>
/// <param name="TargetKind">What kind of thing it was done to.</param>
/// <param name="TargetId">Which one.</param>
/// <param name="ProjectId">The project involved, if any.</param>
/// <param name="ResourceId">The resource involved, if any.</param>
/// <param name="Outcome">One of <see cref="AuditOutcomes"/>.</param>
/// <param name="Payload">Canonical JSON text.</param>
/// <param name="PreviousHash">The <see cref="Hash"/> of the entry before, or <see cref="AuditChain.GenesisHash"/>.</param>
/// <param name="Hash">SHA-256 (lowercase hex) over all the fields above; see <see cref="AuditChain.ComputeHash"/>.</param>
public sealed record AuditEntry(long Sequence, DateTimeOffset Time, string ActorId, string ActorDisplay, string Action,
    string TargetKind, string TargetId, string? ProjectId, string? ResourceId, string Outcome, string Payload,
    string PreviousHash, string Hash);
