namespace Mandate.Server.Api;

using Mandate.Core.Application;
using Mandate.Core.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

/// <summary>/api/v1/operations: read and list operations; approve (naming the reviewed plan hash) or reject pending ones.</summary>
internal static class OperationEndpoints
{
    public static void MapOperations(this RouteGroupBuilder api)
    {
        var operations = api.MapGroup("/operations").WithTags("Operations");

        operations.MapGet("/", async (HttpContext http, [FromServices] MandateCore core, string? project, string? resource, string? status, bool? pending,
                string? requestedBy, string? cursor, int? limit) =>
            {
                var statuses = new List<OperationStatus>();
                if (pending == true)
                {
                    statuses.Add(OperationStatus.PendingReview);
                }

                if (!string.IsNullOrEmpty(status))
                {
                    statuses.AddRange(status.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(OperationNames.ParseStatus));
                }

                var filter = new OperationFilter(Blank(project), Blank(resource), statuses.Count == 0 ? null : statuses.Distinct().ToList(), Blank(requestedBy));
                var page = await core.Operations.ListAsync(http.Context(), filter, ApiPaging.Request(cursor, limit), http.RequestAborted);
                return new Core.Stores.Page<OperationView>(page.Items.Select(o => OperationView.Of(o)).ToList(), page.NextCursor);
            })
            .WithName("ListOperations")
            .WithSummary("Operations newest first; ?pending=true for those waiting for an approver, ?status=a,b, ?project=, ?resource= (with project), ?requested_by=.");

        operations.MapGet("/{operation}", async (HttpContext http, [FromServices] MandateCore core, string operation) =>
                OperationView.Of(await core.Operations.GetAsync(http.Context(), operation, http.RequestAborted), withPlan: true))
            .WithName("GetOperation").WithSummary("One operation with its request (sensitive values redacted), plan, plan hash and policy decision.");

        operations.MapPost("/{operation}/approve", async (HttpContext http, [FromServices] MandateCore core, string operation, ApproveBody body) =>
                OperationAnswers.Of(await core.Operations.ApproveAsync(http.Context(), operation, body.PlanHash, http.RequestAborted)))
            .WithName("ApproveOperation")
            .WithSummary("Approve a pending operation someone else requested, naming the plan hash you reviewed; it is planned and judged again, then applied.")
            .Produces<OperationAnswer>()
            .Produces<Problems.ApiProblem>(StatusCodes.Status422UnprocessableEntity, Problems.ApiProblem.ContentType);

        operations.MapPost("/{operation}/resume", async (HttpContext http, [FromServices] MandateCore core, string operation, int? wait) =>
                OperationAnswers.Of(await core.Operations.ResumeAsync(http.Context(), operation, ResumeWait(wait), http.RequestAborted)))
            .WithName("ResumeOperation")
            .WithSummary("Bring an unfinished operation to its end, waiting up to ?wait= seconds (default 20): a queued one is applied now (planned again; " +
                "only the plan decided is applied), one whose applier died is reconciled, one applying elsewhere is waited for. 200 when it ended, " +
                "202 while it is still in progress or pending review.")
            .Produces<OperationAnswer>()
            .Produces<OperationAnswer>(StatusCodes.Status202Accepted)
            .Produces<Problems.ApiProblem>(StatusCodes.Status422UnprocessableEntity, Problems.ApiProblem.ContentType);

        operations.MapPost("/{operation}/reject", async (HttpContext http, [FromServices] MandateCore core, string operation, RejectBody body) =>
                new OperationAnswer(OperationView.Of(await core.Operations.RejectAsync(http.Context(), operation, body.Reason, http.RequestAborted))))
            .WithName("RejectOperation").WithSummary("Reject a pending operation with a reason; nothing is applied.");
    }

    private static TimeSpan ResumeWait(int? seconds)
    {
        var max = (int)Core.Pipeline.OperationService.MaxResumeWait.TotalSeconds;
        return seconds is null ? TimeSpan.FromSeconds(20)
            : seconds is >= 0 && seconds <= max ? TimeSpan.FromSeconds(seconds.Value)
            : throw new Core.MandateException(Core.MandateErrorCodes.InvalidArgument, $"wait must be between 0 and {max} seconds; got {seconds}",
                new Dictionary<string, object?> { ["parameter"] = "wait" });
    }

    internal static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

/// <summary>An approval: the plan hash the approver reviewed (GET the operation to see it).</summary>
internal sealed record ApproveBody(string PlanHash);

/// <summary>A rejection and why.</summary>
internal sealed record RejectBody(string Reason);
