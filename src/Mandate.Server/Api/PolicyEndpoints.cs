namespace Mandate.Server.Api;

using Mandate.Core.Access;
using Mandate.Core.Application;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

/// <summary>/api/v1/policies: intent policies (Rego) — read, write new versions, delete, attach to projects, test drafts on kept samples.</summary>
internal static class PolicyEndpoints
{
    public static void MapPolicies(this RouteGroupBuilder api)
    {
        var policies = api.MapGroup("/policies").WithTags("Policies");

        policies.MapGet("/", async (HttpContext http, [FromServices] MandateCore core, string? space, string? cursor, int? limit) =>
                await core.Policies.ListAsync(http.Context(), ProjectEndpoints.SpaceOrNull(space), ApiPaging.Request(cursor, limit), http.RequestAborted))
            .WithName("ListPolicies").WithSummary("Policies you can read, by name; only one space's with ?space=.");

        policies.MapPost("/", async (HttpContext http, [FromServices] MandateCore core, PolicyCreateBody body) =>
            {
                var created = await core.Policies.CreateAsync(http.Context(), new PolicyCreateRequest(new SpaceId(body.Space ?? SpaceId.RootName),
                    body.Name, body.Rego, body.Description ?? string.Empty, body.Labels), http.RequestAborted);
                return Results.Created($"{ApiGate.Prefix}/policies/{created.Id}", created);
            })
            .WithName("CreatePolicy").WithSummary("Create a policy; its Rego must compile. Label autoattach:* or autoattach:<project label> to apply it automatically.")
            .Produces<Core.Model.PolicyRecord>(StatusCodes.Status201Created);

        policies.MapGet("/{policy}", async (HttpContext http, [FromServices] MandateCore core, string policy, string? space) =>
                await core.Policies.GetAsync(http.Context(), policy, ProjectEndpoints.SpaceOrNull(space), http.RequestAborted))
            .WithName("GetPolicy").WithSummary("One policy (by id or name) with the Rego of its current version.");

        policies.MapPut("/{policy}", async (HttpContext http, [FromServices] MandateCore core, string policy, PolicyUpdateBody body) =>
                await core.Policies.UpdateAsync(http.Context(), policy, new PolicyUpdateRequest(body.Rego, body.Description, body.Labels), http.RequestAborted))
            .WithName("UpdatePolicy").WithSummary("Change a policy (a new version); absent fields stay as they are.");

        policies.MapDelete("/{policy}", async (HttpContext http, [FromServices] MandateCore core, string policy) =>
            {
                await core.Policies.DeleteAsync(http.Context(), policy, http.RequestAborted);
                return Results.NoContent();
            })
            .WithName("DeletePolicy").WithSummary("Delete a policy.");

        policies.MapPost("/{policy}/attachments", async (HttpContext http, [FromServices] MandateCore core, string policy, AttachBody body) =>
            {
                await core.Policies.AttachAsync(http.Context(), policy, body.Project, http.RequestAborted);
                return Results.NoContent();
            })
            .WithName("AttachPolicy").WithSummary("Attach a policy to a project in its space or below (attaching twice is not an error).");

        policies.MapDelete("/{policy}/attachments/{project}", async (HttpContext http, [FromServices] MandateCore core, string policy, string project) =>
                new DetachAnswer(await core.Policies.DetachAsync(http.Context(), policy, project, http.RequestAborted)))
            .WithName("DetachPolicy").WithSummary("Detach a policy from a project; says whether it was attached.");

        policies.MapPost("/{policy}/test", async (HttpContext http, [FromServices] MandateCore core, string policy, PolicyTestBody body) =>
                await core.Policies.TestDraftAsync(http.Context(), policy, body.Rego, body.Limit ?? 100, http.RequestAborted))
            .WithName("TestPolicyDraft").WithSummary("Judge a draft against the policy's kept samples and report where the decision would change; changes nothing.");
    }
}

/// <summary>A new policy.</summary>
/// <param name="Rego">The Rego module (package mandate...; deny/allow rules).</param>
internal sealed record PolicyCreateBody(string Name, string Rego, string? Space = null, string? Description = null, IReadOnlyList<string>? Labels = null);

/// <summary>A change to a policy; absent fields stay.</summary>
internal sealed record PolicyUpdateBody(string? Rego = null, string? Description = null, IReadOnlyList<string>? Labels = null);

/// <summary>Which project to attach to.</summary>
internal sealed record AttachBody(string Project);

/// <summary>Whether a detach removed an attachment.</summary>
internal sealed record DetachAnswer(bool Detached);

/// <summary>A draft to test, and how many kept samples to judge (newest first; default 100).</summary>
internal sealed record PolicyTestBody(string Rego, int? Limit = null);
