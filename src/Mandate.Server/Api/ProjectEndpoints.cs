namespace Mandate.Server.Api;

using Mandate.Core.Access;
using Mandate.Core.Application;
using Mandate.Core.Model;
using Mandate.Core.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

/// <summary>/api/v1/projects: list, create, show, update, label, delete.</summary>
internal static class ProjectEndpoints
{
    public static void MapProjects(this RouteGroupBuilder api)
    {
        var projects = api.MapGroup("/projects").WithTags("Projects");

        projects.MapGet("/", async (HttpContext http, [FromServices] MandateCore core, string? space, string? cursor, int? limit) =>
                await core.Projects.ListAsync(http.Context(), SpaceOrNull(space), ApiPaging.Request(cursor, limit), http.RequestAborted))
            .WithName("ListProjects").WithSummary("Projects you can read, by name; only those in one space with ?space=.");

        projects.MapPost("/", async (HttpContext http, [FromServices] MandateCore core, ProjectCreateBody body) =>
            {
                var created = await core.Projects.CreateAsync(http.Context(), new ProjectCreateRequest(
                    new SpaceId(body.Space ?? SpaceId.RootName), body.Name, body.Description ?? string.Empty, body.Labels,
                    body.Providers?.Select(p => p.ToRequirement()).ToList()), http.RequestAborted);
                return Results.Created($"{ApiGate.Prefix}/projects/{created.Id}", created);
            })
            .WithName("CreateProject").WithSummary("Create a project (labels also need the project.label permission).")
            .Produces<ProjectRecord>(StatusCodes.Status201Created);

        projects.MapGet("/{project}", async (HttpContext http, [FromServices] MandateCore core, string project, string? space) =>
                await core.Projects.GetAsync(http.Context(), project, SpaceOrNull(space), http.RequestAborted))
            .WithName("GetProject").WithSummary("One project, by id or by name (a name is looked up in ?space=, else among projects you can read).");

        projects.MapPatch("/{project}", async (HttpContext http, [FromServices] MandateCore core, string project, ProjectUpdateBody body) =>
                await core.Projects.UpdateAsync(http.Context(), project, body.Description, body.Providers?.Select(p => p.ToRequirement()).ToList(),
                    http.RequestAborted))
            .WithName("UpdateProject").WithSummary("Change the description and/or provider requirements; absent fields stay as they are.");

        projects.MapPut("/{project}/labels", async (HttpContext http, [FromServices] MandateCore core, string project, ProjectLabelsBody body) =>
                await core.Projects.SetLabelsAsync(http.Context(), project, body.Labels, http.RequestAborted))
            .WithName("SetProjectLabels").WithSummary("Replace the project's labels (they decide which autoattach: policies apply).");

        projects.MapDelete("/{project}", async (HttpContext http, [FromServices] MandateCore core, string project) =>
            {
                await core.Projects.DeleteAsync(http.Context(), project, http.RequestAborted);
                return Results.NoContent();
            })
            .WithName("DeleteProject").WithSummary("Delete a project that manages no resources.");
    }

    internal static SpaceId? SpaceOrNull(string? space) => string.IsNullOrEmpty(space) ? null : new SpaceId(space);
}

/// <summary>A new project.</summary>
/// <param name="Name">Unique within its space.</param>
/// <param name="Space">The space it belongs to; root when absent.</param>
internal sealed record ProjectCreateBody(string Name, string? Space = null, string? Description = null,
    IReadOnlyList<string>? Labels = null, IReadOnlyList<ProviderBody>? Providers = null);

/// <summary>A change to a project; absent fields stay as they are.</summary>
internal sealed record ProjectUpdateBody(string? Description = null, IReadOnlyList<ProviderBody>? Providers = null);

/// <summary>The project's complete new label set.</summary>
internal sealed record ProjectLabelsBody(IReadOnlyList<string> Labels);

/// <summary>A provider the project uses.</summary>
/// <param name="Source">e.g. hashicorp/aws.</param>
/// <param name="VersionConstraint">e.g. ~&gt; 5.100; newest available when absent.</param>
/// <param name="IntegrationId">The cloud integration that configures it, if any.</param>
internal sealed record ProviderBody(string Source, string? VersionConstraint = null, string? IntegrationId = null)
{
    public ProviderRequirement ToRequirement() => new(Source, VersionConstraint ?? string.Empty, IntegrationId);
}
