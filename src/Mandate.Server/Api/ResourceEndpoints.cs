namespace Mandate.Server.Api;

using System.Text.Json.Nodes;
using Mandate.Core.Application;
using Mandate.Core.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

/// <summary>
/// /api/v1/projects/{project}/resources: read resources, and change them through the policy-gated
/// pipeline. A change answers with its operation: 201/200 when applied, 202 when it waits for an
/// approver, a 422 <c>policy_denied</c> problem (with every reason) when a policy refused it.
/// </summary>
internal static class ResourceEndpoints
{
    public const string MergePatchContentType = "application/merge-patch+json";

    public static void MapResources(this RouteGroupBuilder api)
    {
        var resources = api.MapGroup("/projects/{project}/resources").WithTags("Resources");

        resources.MapGet("/", async (HttpContext http, [FromServices] MandateCore core, string project, string? type, string? cursor, int? limit) =>
                await core.Resources.ListAsync(http.Context(), project, string.IsNullOrEmpty(type) ? null : type, ApiPaging.Request(cursor, limit),
                    http.RequestAborted))
            .WithName("ListResources").WithSummary("The project's resources ordered by id; only one type with ?type=.");

        resources.MapPost("/", async (HttpContext http, [FromServices] MandateCore core, string project, ResourceCreateBody body) =>
                OperationAnswers.Of(await core.Resources.CreateAsync(http.Context(), project, body.ResourceId, body.ResourceType, body.Config,
                    http.RequestAborted), created: true))
            .WithName("CreateResource")
            .WithSummary("Create a resource: planned, judged by the project's policies, applied when allowed. Config values may be {\"$ref\": \"other.attr\"}.")
            .Produces<OperationAnswer>(StatusCodes.Status201Created).Produces<OperationAnswer>(StatusCodes.Status202Accepted)
            .Produces<Problems.ApiProblem>(StatusCodes.Status422UnprocessableEntity, Problems.ApiProblem.ContentType);

        resources.MapGet("/{resource}", async (HttpContext http, [FromServices] MandateCore core, string project, string resource) =>
                await core.Resources.GetAsync(http.Context(), project, resource, http.RequestAborted))
            .WithName("GetResource").WithSummary("One resource with its configuration and state; values the provider marks sensitive are redacted.");

        resources.MapGet("/{resource}/history", async (HttpContext http, [FromServices] MandateCore core, string project, string resource, string? cursor, int? limit) =>
                await core.Resources.HistoryAsync(http.Context(), project, resource, ApiPaging.Request(cursor, limit), http.RequestAborted))
            .WithName("ResourceHistory").WithSummary("The resource's state versions, newest first: which operation, who, when.");

        resources.MapGet("/{resource}/dependencies", async (HttpContext http, [FromServices] MandateCore core, string project, string resource) =>
                await core.Resources.DependenciesAsync(http.Context(), project, resource, http.RequestAborted))
            .WithName("ResourceDependencies").WithSummary("What the resource references and what references it.");

        resources.MapPatch("/{resource}", async (HttpContext http, [FromServices] MandateCore core, string project, string resource, JsonObject patch) =>
                OperationAnswers.Of(await core.Resources.UpdateAsync(http.Context(), project, resource, patch, replaceConfig: false,
                    http.RequestAborted)))
            .WithName("PatchResource")
            .WithSummary("Update with a JSON merge patch (RFC 7396, Content-Type application/merge-patch+json) over the current configuration; null removes a key.")
            // Declaring the media type makes routing refuse any other (415), so a client that meant to send the
            // whole configuration (PUT) cannot have it read as a patch by accident.
            .Accepts<JsonObject>(MergePatchContentType)
            .Produces<OperationAnswer>().Produces<OperationAnswer>(StatusCodes.Status202Accepted)
            .Produces<Problems.ApiProblem>(StatusCodes.Status422UnprocessableEntity, Problems.ApiProblem.ContentType);

        resources.MapPut("/{resource}", async (HttpContext http, [FromServices] MandateCore core, string project, string resource, ResourceReplaceBody body) =>
                OperationAnswers.Of(await core.Resources.UpdateAsync(http.Context(), project, resource, body.Config, replaceConfig: true,
                    http.RequestAborted)))
            .WithName("ReplaceResource").WithSummary("Update by giving the whole new configuration.")
            .Produces<OperationAnswer>().Produces<OperationAnswer>(StatusCodes.Status202Accepted)
            .Produces<Problems.ApiProblem>(StatusCodes.Status422UnprocessableEntity, Problems.ApiProblem.ContentType);

        resources.MapDelete("/{resource}", async (HttpContext http, [FromServices] MandateCore core, string project, string resource, bool? cascade) =>
                OperationAnswers.Of(await core.Resources.DeleteAsync(http.Context(), project, resource, cascade ?? false, http.RequestAborted)))
            .WithName("DeleteResource")
            .WithSummary("Destroy a resource; refused while others depend on it unless ?cascade=true (dependents first, each judged; stops at the first not applied).")
            .Produces<OperationsAnswer>().Produces<OperationsAnswer>(StatusCodes.Status202Accepted)
            .Produces<Problems.ApiProblem>(StatusCodes.Status422UnprocessableEntity, Problems.ApiProblem.ContentType);

        resources.MapPost("/{resource}/eject", async (HttpContext http, [FromServices] MandateCore core, string project, string resource) =>
                new OperationAnswer(OperationView.Of(await core.Resources.EjectAsync(http.Context(), project, resource, http.RequestAborted))))
            .WithName("EjectResource").WithSummary("Stop managing a resource without destroying it; it stays in the cloud.");
    }
}

/// <summary>A new resource.</summary>
/// <param name="ResourceId">Its id in the project, e.g. sessions-table.</param>
/// <param name="ResourceType">The provider type, e.g. aws_dynamodb_table.</param>
/// <param name="Config">Its configuration; a value may be {"$ref": "other-resource.attribute"}.</param>
internal sealed record ResourceCreateBody(string ResourceId, string ResourceType, JsonObject Config);

/// <summary>The whole new configuration of a resource.</summary>
internal sealed record ResourceReplaceBody(JsonObject Config);
