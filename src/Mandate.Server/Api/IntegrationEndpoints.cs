namespace Mandate.Server.Api;

using System.Text.Json.Nodes;
using Mandate.Core.Access;
using Mandate.Core.Application;
using Mandate.Core.Integrations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

/// <summary>
/// /api/v1/integrations: cloud integrations (settings, secret fields shown only as set or not) and which one a
/// project uses per provider. Secrets go in once and never come back out.
/// </summary>
internal static class IntegrationEndpoints
{
    public static void MapIntegrations(this RouteGroupBuilder api)
    {
        var integrations = api.MapGroup("/integrations").WithTags("Integrations");

        integrations.MapGet("/", async (HttpContext http, [FromServices] MandateCore core, string? cursor, int? limit) =>
                await core.Integrations.ListAsync(http.Context(), ApiPaging.Request(cursor, limit), http.RequestAborted))
            .WithName("ListIntegrations").WithSummary("Integrations in the spaces you can read integrations in, by name; secrets redacted.");

        integrations.MapPost("/", async (HttpContext http, [FromServices] MandateCore core, IntegrationCreateBody body) =>
            {
                var created = await core.Integrations.CreateAsync(http.Context(), new IntegrationCreate(body.Space ?? SpaceId.RootName, body.Name, body.Kind,
                    body.Settings, body.Secrets, body.ReadOnly ?? false), http.RequestAborted);
                return Results.Created($"{ApiGate.Prefix}/integrations/{created.Id}", created);
            })
            .WithName("CreateIntegration")
            .WithSummary("Create an integration: kind aws|azure|gcp|generic, its settings (aws: region, endpoints, role_arn…) and secret fields (aws: access_key, secret_key, session_token).")
            .Produces<IntegrationView>(StatusCodes.Status201Created);

        integrations.MapGet("/{integration}", async (HttpContext http, [FromServices] MandateCore core, string integration) =>
                await core.Integrations.GetAsync(http.Context(), integration, http.RequestAborted))
            .WithName("GetIntegration").WithSummary("One integration; secret fields say only whether they are set.");

        integrations.MapDelete("/{integration}", async (HttpContext http, [FromServices] MandateCore core, string integration) =>
            {
                await core.Integrations.DeleteAsync(http.Context(), integration, http.RequestAborted);
                return Results.NoContent();
            })
            .WithName("DeleteIntegration").WithSummary("Delete an integration.");

        var attached = api.MapGroup("/projects/{project}/integrations").WithTags("Integrations");

        attached.MapGet("/", async (HttpContext http, [FromServices] MandateCore core, string project) =>
                await core.Integrations.AttachmentsAsync(http.Context(), await ProjectIdAsync(http, core, project), http.RequestAborted))
            .WithName("ListProjectIntegrations").WithSummary("Which integration the project uses for each provider.");

        attached.MapPost("/", async (HttpContext http, [FromServices] MandateCore core, string project, IntegrationAttachBody body) =>
                await core.Integrations.AttachAsync(http.Context(), await ProjectIdAsync(http, core, project), body.Provider, body.Integration,
                    http.RequestAborted))
            .WithName("AttachIntegration").WithSummary("Make the project use an integration for a provider, e.g. {\"provider\": \"hashicorp/aws\", \"integration\": \"int_…\"}.");

        attached.MapDelete("/", async (HttpContext http, [FromServices] MandateCore core, string project, string provider) =>
                new DetachAnswer(await core.Integrations.DetachAsync(http.Context(), await ProjectIdAsync(http, core, project), provider, http.RequestAborted)))
            .WithName("DetachIntegration").WithSummary("Stop using the project's integration for ?provider= (e.g. hashicorp/aws); says whether one was attached.");
    }

    // The project routes take an id or a name; the integration calls take the id.
    private static async Task<string> ProjectIdAsync(HttpContext http, MandateCore core, string project) =>
        (await core.Projects.GetAsync(http.Context(), project, cancellationToken: http.RequestAborted)).Id;
}

/// <summary>A new integration.</summary>
/// <param name="Kind">aws, azure, gcp or generic.</param>
/// <param name="Space">The space it belongs to (projects in it and below may use it); root when absent.</param>
/// <param name="Secrets">Secret fields by name; stored encrypted, never shown again.</param>
internal sealed record IntegrationCreateBody(string Name, string Kind, string? Space = null, JsonObject? Settings = null,
    Dictionary<string, string?>? Secrets = null, bool? ReadOnly = null);

/// <summary>Which integration a project uses for a provider.</summary>
/// <param name="Provider">The provider's source, e.g. hashicorp/aws.</param>
/// <param name="Integration">The integration's id.</param>
internal sealed record IntegrationAttachBody(string Provider, string Integration);
