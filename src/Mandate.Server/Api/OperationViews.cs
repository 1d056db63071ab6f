namespace Mandate.Server.Api;

using System.Text.Json.Nodes;
using Mandate.Core;
using Mandate.Core.Application;
using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Mandate.Core.Policies;
using Mandate.Server.Api.Problems;
using Microsoft.AspNetCore.Http;

/// <summary>
/// An operation as the API shows it: the stored plan and decision as JSON (not strings); the plan and the request
/// (Core's <see cref="OperationDetails"/>: sensitive values as the marker) only when asked for one operation.
/// </summary>
internal sealed record OperationView(
    string Id,
    string ProjectId,
    string ResourceId,
    OperationKind Kind,
    OperationStatus Status,
    string RequestedBy,
    string? SessionId,
    string? PlanHash,
    JsonNode? Decision,
    string? DecidedBy,
    string? Error,
    string? Recovery,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? ExpiresAt,
    JsonNode? Plan = null,
    JsonNode? Request = null)
{
    // A pipeline result's record: shown without plan and request, so null paths (values withheld) change nothing.
    public static OperationView Of(OperationRecord o) => Of(OperationDetails.Of(o, sensitivePaths: null));

    public static OperationView Of(OperationDetails o, bool withPlan = false) => new(o.Id, o.ProjectId, o.ResourceId, o.Kind, o.Status,
        o.RequestedBy, o.SessionId, o.PlanHash, o.Decision, o.DecidedBy, o.Error, o.Recovery, o.CreatedAt, o.UpdatedAt, o.CompletedAt, o.ExpiresAt,
        withPlan ? o.Plan : null, withPlan ? o.Request : null);
}

/// <summary>What a change did: its operation (status, plan hash, decision).</summary>
internal sealed record OperationAnswer(OperationView Operation);

/// <summary>What a delete did: one operation per resource deleted, dependents first.</summary>
internal sealed record OperationsAnswer(IReadOnlyList<OperationView> Operations);

/// <summary>
/// The one place an operation's outcome becomes an HTTP answer: applied → 201 (create) or 200; waiting for
/// an approver → 202; denied by policy → a 422 <c>policy_denied</c> problem with every reason and the
/// operation's id (the denial is recorded: it is an answer, not an error of the server).
/// </summary>
internal static class OperationAnswers
{
    public static IResult Of(OperationResult result, bool created = false)
    {
        var operation = result.Operation;
        if (operation.Status == OperationStatus.Denied)
        {
            return Denied(operation, result.Decision);
        }

        var answer = new OperationAnswer(OperationView.Of(operation));
        return operation.Status switch
        {
            // Still waiting for an approver, or still being applied after the inline wait: poll GET /operations/{id}.
            OperationStatus.PendingReview or OperationStatus.Queued or OperationStatus.Requested or OperationStatus.Applying =>
                Results.Json(answer, statusCode: StatusCodes.Status202Accepted),
            _ when created && operation.Status == OperationStatus.Succeeded =>
                Results.Created($"{ApiGate.Prefix}/projects/{operation.ProjectId}/resources/{operation.ResourceId}", answer),
            _ => Results.Ok(answer),
        };
    }

    public static IResult Of(IReadOnlyList<OperationResult> results)
    {
        if (results.FirstOrDefault(r => r.Operation.Status == OperationStatus.Denied) is { } denied)
        {
            return Denied(denied.Operation, denied.Decision);
        }

        var answer = new OperationsAnswer(results.Select(r => OperationView.Of(r.Operation)).ToList());
        var waiting = results.Any(r => r.Operation.Status is OperationStatus.PendingReview or OperationStatus.Queued or OperationStatus.Applying);
        return waiting ? Results.Json(answer, statusCode: StatusCodes.Status202Accepted) : Results.Ok(answer);
    }

    private static IResult Denied(OperationRecord operation, PolicyDecision? decision)
    {
        var reasons = decision?.DenyReasons ?? [];
        var details = new Dictionary<string, object?>
        {
            ["operation_id"] = operation.Id,
            ["reasons"] = reasons,
            ["policies"] = decision?.Verdicts.Where(v => v.Deny.Count > 0 || v.Error is not null).Select(v => v.PolicyName).Distinct().ToArray() ?? [],
        };
        var detail = $"{operation.Kind.ToWire()} of '{operation.ResourceId}' was denied by policy: {(reasons.Count == 0 ? operation.Error : string.Join("; ", reasons))} (operation {operation.Id})";
        return ApiProblem.From(MandateErrorCodes.PolicyDenied, detail, details).ToResult();
    }
}
