namespace Mandate.Mcp.Tools.Core;

using System.Text.Json.Nodes;
using Mandate.Core.Access;
using Mandate.Core.Application;
using Mandate.Mcp.Catalog;

/// <summary>Operations: follow them, and decide the ones waiting for review.</summary>
internal static class OperationTools
{
    // Below the request timeouts MCP clients commonly use (60 s), so the answer arrives before the client gives up.
    private const int DefaultWaitSeconds = 20;
    private const int MaxWaitSeconds = 50;

    private static readonly ToolParameter OperationId = new("operation_id", ParameterType.String, "The operation's id, e.g. \"op_01j…\".", Required: true);

    public static IEnumerable<ToolDescriptor> All()
    {
        yield return new ToolDescriptor(
            "operation_status", "Operation status",
            "One operation: kind, status (pending_review, applying, succeeded, failed, denied, rejected, expired), the policy " +
            "decision with reasons, who asked and who decided, and — while pending — the plan_hash an approver must name. " +
            "Use it to follow a change that waits for review. Example: {\"operation_id\": \"op_01j…\"}.",
            new ToolParameters(OperationId),
            ToolHints.Read, MandateAction.OperationRead, StatusAsync);

        yield return new ToolDescriptor(
            "operation_resume", "Resume an operation",
            "Brings an unfinished operation to its end and returns its result, waiting up to wait_seconds (so you need not " +
            "sleep between operation_status calls): a queued one (allowed or approved, but nobody applying it, e.g. its process " +
            "stopped) is applied now — planned again and applied only if the plan is still the one decided; one whose applier " +
            "died is settled by asking the provider what exists (nothing is applied twice); one still applying is waited for. " +
            "Pending and finished operations come back as they are. Use it after a change answered queued or applying. " +
            "Example: {\"operation_id\": \"op_01j…\", \"wait_seconds\": 30}.",
            new ToolParameters(OperationId,
                new ToolParameter("wait_seconds", ParameterType.Integer, $"How long to wait for the end (default {DefaultWaitSeconds}, at most {MaxWaitSeconds}); 0 returns at once.",
                    Minimum: 0, Maximum: MaxWaitSeconds)),
            // It may carry out a change (a queued delete) that was already decided; resuming twice is resuming once.
            new ToolHints(ReadOnly: false, Destructive: true, Idempotent: true, OpenWorld: true),
            MandateAction.OperationResume, ResumeAsync);

        yield return new ToolDescriptor(
            "operation_list_pending", "Pending operations",
            "Operations waiting for an approver, newest first, across the projects you can read (or one project). Approvers use " +
            "it to find work; requesters to see what still waits. Example: {\"project\": \"payments\"}.",
            new ToolParameters(
                new ToolParameter("project", ParameterType.String, "Only this project (id or name)."),
                CoreCalls.CursorParameter, CoreCalls.LimitParameter()),
            ToolHints.Read, MandateAction.OperationRead, PendingAsync);

        yield return new ToolDescriptor(
            "operation_approve", "Approve an operation",
            "Approves an operation in pending_review and applies it now (for approvers; never your own request). Name the " +
            "plan_hash you reviewed (operation_status shows it): if the plan changed meanwhile nothing is applied. Policies are " +
            "evaluated again and a deny still wins. Confirm with the user first. Example: {\"operation_id\": \"op_01j…\", \"plan_hash\": \"9f2c…\"}.",
            new ToolParameters(OperationId,
                new ToolParameter("plan_hash", ParameterType.String, "The plan hash that was reviewed (from operation_status).", Required: true)),
            new ToolHints(ReadOnly: false, Destructive: true, Idempotent: true, OpenWorld: true),
            MandateAction.ApprovalDecide, ApproveAsync);

        yield return new ToolDescriptor(
            "operation_reject", "Reject an operation",
            "Rejects an operation in pending_review with a reason; nothing is applied and the requester sees the reason (for " +
            "approvers; never your own request). Confirm with the user first. Example: {\"operation_id\": \"op_01j…\", \"reason\": " +
            "\"use the approved bucket module instead\"}.",
            new ToolParameters(OperationId,
                new ToolParameter("reason", ParameterType.String, "Why, for the requester.", Required: true)),
            new ToolHints(ReadOnly: false, Destructive: true, Idempotent: true, OpenWorld: false),
            MandateAction.ApprovalDecide, RejectAsync);
    }

    private static async ValueTask<ToolOutcome> StatusAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var operation = await call.Core().Operations.GetAsync(call.Context(), call.RequiredString("operation_id"), cancellationToken);
        var result = Views.Operation(operation, withRequest: true);
        if (operation.Plan is { } plan)
        {
            result["plan"] = Views.Plan((JsonObject)plan.DeepClone());
        }

        return ToolOutcome.Json(result);
    }

    private static async ValueTask<ToolOutcome> PendingAsync(ToolCall call, CancellationToken cancellationToken)
    {
        string? projectId = null;
        if (call.String("project") is { Length: > 0 })
        {
            projectId = (await call.ProjectAsync(cancellationToken)).Id;
        }

        var page = await call.Core().Operations.ListAsync(call.Context(), OperationFilter.PendingReview(projectId), call.Page(), cancellationToken);
        return ToolOutcome.Json(Views.Page("operations", page, o => Views.Operation(o)));
    }

    private static async ValueTask<ToolOutcome> ApproveAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var result = await call.Core().Operations.ApproveAsync(call.Context(), call.RequiredString("operation_id"), call.RequiredString("plan_hash"), cancellationToken);
        return ResourceTools.Outcome(result);
    }

    private static async ValueTask<ToolOutcome> ResumeAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromSeconds(call.Int("wait_seconds", DefaultWaitSeconds));
        var result = await call.Core().Operations.ResumeAsync(call.Context(), call.RequiredString("operation_id"), wait, cancellationToken);
        return ResourceTools.Outcome(result);
    }

    private static async ValueTask<ToolOutcome> RejectAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var operation = await call.Core().Operations.RejectAsync(call.Context(), call.RequiredString("operation_id"), call.RequiredString("reason"), cancellationToken);
        return ToolOutcome.Json(Views.Operation(operation));
    }
}
