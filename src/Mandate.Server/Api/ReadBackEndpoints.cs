namespace Mandate.Server.Api;

using System.Text.Json.Nodes;
using Mandate.Core;
using Mandate.Core.Application;
using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

/// <summary>
/// /api/v1/projects/{project}/resources: plan (a dry run: the attribute diff and what the policies would
/// decide, nothing applied or recorded), import an existing cloud object, refresh (read the real object
/// and record drift, judged by policy).
/// </summary>
internal static class ReadBackEndpoints
{
    public static void MapReadBack(this RouteGroupBuilder api)
    {
        var resources = api.MapGroup("/projects/{project}/resources").WithTags("Resources");

        resources.MapPost("/{resource}/plan", async (HttpContext http, [FromServices] MandateCore core, string project, string resource, PlanBody body) =>
                await core.Resources.PlanAsync(http.Context(), project, resource, body.ToIntent(), http.RequestAborted))
            .WithName("PlanResource")
            .WithSummary("Dry-run a create, update (patch or whole config) or delete: the attribute diff, the plan hash and the policy decision; nothing is applied.");

        resources.MapPost("/import", async (HttpContext http, [FromServices] MandateCore core, string project, ImportBody body) =>
                OperationAnswers.Of(await core.Resources.ImportAsync(http.Context(), project, body.ResourceId, body.ResourceType, body.ImportId, body.Config,
                    http.RequestAborted), created: true))
            .WithName("ImportResource")
            .WithSummary("Adopt an existing cloud object (by the provider's import id, e.g. a table name); judged by policy as an import; nothing in the cloud changes.")
            .Produces<OperationAnswer>(StatusCodes.Status201Created).Produces<OperationAnswer>(StatusCodes.Status202Accepted)
            .Produces<Problems.ApiProblem>(StatusCodes.Status422UnprocessableEntity, Problems.ApiProblem.ContentType);

        resources.MapPost("/{resource}/refresh", async (HttpContext http, [FromServices] MandateCore core, string project, string resource) =>
            {
                var outcome = await core.Resources.RefreshAsync(http.Context(), project, resource, http.RequestAborted);
                if (outcome.Operation.Status == OperationStatus.Denied)
                {
                    return OperationAnswers.Of(new OperationResult(outcome.Operation, outcome.Decision, null, null));
                }

                var answer = new RefreshAnswer(OperationView.Of(outcome.Operation), outcome.Gone, outcome.Drift);
                return outcome.Operation.Status == OperationStatus.PendingReview
                    ? Results.Json(answer, statusCode: StatusCodes.Status202Accepted)
                    : Results.Ok(answer);
            })
            .WithName("RefreshResource")
            .WithSummary("Read the real object through the provider and report drift; taking the real state is judged by policy as a refresh.")
            .Produces<RefreshAnswer>().Produces<RefreshAnswer>(StatusCodes.Status202Accepted)
            .Produces<Problems.ApiProblem>(StatusCodes.Status422UnprocessableEntity, Problems.ApiProblem.ContentType);
    }
}

/// <summary>What to plan.</summary>
/// <param name="Operation">create, update or delete.</param>
/// <param name="ResourceType">For a create: the provider type.</param>
/// <param name="Config">For a create, or an update replacing the whole configuration.</param>
/// <param name="Patch">For an update: a JSON merge patch over the current configuration.</param>
internal sealed record PlanBody(string Operation, string? ResourceType = null, JsonObject? Config = null, JsonObject? Patch = null)
{
    public PlanIntent ToIntent() => Operation switch
    {
        "create" when ResourceType is { Length: > 0 } type && Config is not null && Patch is null => PlanIntent.Create(type, Config),
        "create" => throw Invalid("a create plan needs resource_type and config (and no patch)"),
        "update" when (Config is null) != (Patch is null) => Patch is not null ? PlanIntent.Update(Patch) : PlanIntent.Update(Config!, replaceConfig: true),
        "update" => throw Invalid("an update plan needs exactly one of patch (a merge patch) and config (the whole configuration)"),
        "delete" when Config is null && Patch is null && ResourceType is null => PlanIntent.Delete(),
        "delete" => throw Invalid("a delete plan takes no resource_type, config or patch"),
        _ => throw Invalid($"operation '{Operation}' cannot be planned; use create, update or delete"),
    };

    private static MandateException Invalid(string message) => new(MandateErrorCodes.InvalidArgument, message);
}

/// <summary>An existing cloud object to adopt.</summary>
/// <param name="ImportId">The object's id as the provider knows it (for a DynamoDB table, its name).</param>
/// <param name="Config">The configuration to keep for it; derived from the imported state when absent.</param>
internal sealed record ImportBody(string ResourceId, string ResourceType, string ImportId, JsonObject? Config = null);

/// <summary>What a refresh found: the recorded operation, whether the object is gone, and every drifted attribute (sensitive values redacted).</summary>
internal sealed record RefreshAnswer(OperationView Operation, bool Gone, IReadOnlyList<DriftedAttribute> Drift);
