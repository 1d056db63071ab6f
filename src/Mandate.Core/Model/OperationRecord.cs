namespace Mandate.Core.Model;

/// <summary>
/// One requested change to one resource and everything that happened to it: the plan, the policy
/// decision, who approved it, how it ended. The plan hash pins approvals to the exact plan reviewed.
/// </summary>
/// <param name="RequestedBy">Principal id of the requester (an approver may not be the requester).</param>
/// <param name="SessionId">The MCP/REST session that asked, for project locking.</param>
/// <param name="RequestJson">The request as given (config or merge patch, options such as cascade).</param>
/// <param name="PlanJson">The provider's plan, as shown to reviewers (attribute diff, replacements marked).</param>
/// <param name="PlanHash">SHA-256 of the canonical plan; an approval names it.</param>
/// <param name="DecisionJson">Every policy's result and the combined outcome, with reasons.</param>
/// <param name="DecidedBy">Principal id that approved or rejected a pending operation.</param>
/// <param name="Error">Why it failed, when it failed.</param>
/// <param name="Recovery">How start-up reconciliation settled it, when it was left unfinished by a crash.</param>
public sealed record OperationRecord(
    string Id,
    string ProjectId,
    string ResourceId,
    OperationKind Kind,
    OperationStatus Status,
    string RequestedBy,
    string? SessionId,
    string RequestJson,
    string? PlanJson,
    string? PlanHash,
    string? DecisionJson,
    string? DecidedBy,
    string? Error,
    string? Recovery,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? ExpiresAt);
