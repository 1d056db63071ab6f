namespace Mandate.Server.Api;

using Mandate.Core.Access;
using Mandate.Core.Application;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

/// <summary>
/// /api/v1/me, /spaces, /keys, /principals/{id}/roles: who the caller is, and for admins the space tree,
/// API keys and role grants.
/// </summary>
internal static class AdminEndpoints
{
    public static void MapAdmin(this RouteGroupBuilder api)
    {
        api.MapGet("/me", async (HttpContext http, [FromServices] MandateCore core) =>
            {
                var caller = await core.Access.DescribeCallerAsync(http.Context(), http.RequestAborted);
                return new CallerView(caller.Principal.Id, caller.Principal.DisplayName, caller.Principal.Kind, caller.Principal.KeyScope,
                    ApiCaller.Of(http).SessionId, caller.Roles.Select(r => new RoleView(r.Space, r.Role)).ToList());
            })
            .WithTags("Access").WithName("WhoAmI").WithSummary("The caller: principal, key scope, session and roles.");

        var spaces = api.MapGroup("/spaces").WithTags("Access");
        spaces.MapGet("/", async (HttpContext http, [FromServices] MandateCore core) =>
                await core.Access.ListSpacesAsync(http.Context(), http.RequestAborted))
            .WithName("ListSpaces").WithSummary("Every space, by id.");
        spaces.MapPost("/", async (HttpContext http, [FromServices] MandateCore core, SpaceCreateBody body) =>
            {
                var created = await core.Access.CreateSpaceAsync(http.Context(), new SpaceId(body.Id), new SpaceId(body.Parent ?? SpaceId.RootName),
                    body.Name, http.RequestAborted);
                return Results.Created($"{ApiGate.Prefix}/spaces/{created.Id}", created);
            })
            .WithName("CreateSpace").WithSummary("Create a space below a parent (root when absent); roles granted on a space cover the spaces below it.")
            .Produces<Core.Model.SpaceRecord>(StatusCodes.Status201Created);

        var keys = api.MapGroup("/keys").WithTags("Access");
        keys.MapPost("/", async (HttpContext http, [FromServices] MandateCore core, KeyCreateBody body) =>
            {
                var expires = body.ExpiresInDays is { } days
                    ? DateTimeOffset.UtcNow.AddDays(days > 0 ? days : throw new Core.MandateException(Core.MandateErrorCodes.InvalidArgument,
                        "expires_in_days must be a positive number of days; leave it out for a key that does not expire"))
                    : (DateTimeOffset?)null;
                var created = await core.Access.CreateApiKeyAsync(http.Context(), new ApiKeyCreateRequest(
                    body.Scope ?? KeyScope.Write, new SpaceId(body.Space ?? SpaceId.RootName), body.Role, body.Name, expires), http.RequestAborted);
                return Results.Json(created, statusCode: StatusCodes.Status201Created);
            })
            .WithName("CreateApiKey").WithSummary("Create an API key with a role on a space; the key is in this answer only (plain_text), never again.")
            .Produces<CreatedApiKey>(StatusCodes.Status201Created);
        keys.MapDelete("/{key}", async (HttpContext http, [FromServices] MandateCore core, string key) =>
            {
                await core.Access.RevokeApiKeyAsync(http.Context(), key, http.RequestAborted);
                return Results.NoContent();
            })
            .WithName("RevokeApiKey").WithSummary("Revoke an API key by its id; it stops working at once.");

        var roles = api.MapGroup("/principals/{principal}/roles").WithTags("Access");
        roles.MapPost("/", async (HttpContext http, [FromServices] MandateCore core, string principal, RoleView body) =>
            {
                await core.Access.GrantRoleAsync(http.Context(), principal, body.Space, body.Role, http.RequestAborted);
                return Results.NoContent();
            })
            .WithName("GrantRole").WithSummary("Grant a role on a space (and every space below it); granting it again is not an error.");
        roles.MapDelete("/{space}/{role}", async (HttpContext http, [FromServices] MandateCore core, string principal, string space, string role) =>
                new RevokeAnswer(await core.Access.RevokeRoleAsync(http.Context(), principal, new SpaceId(space), RoleNames.Parse(role), http.RequestAborted)))
            .WithName("RevokeRole").WithSummary("Revoke one role binding; says whether it existed.");
    }
}

/// <summary>The caller as the API sees it.</summary>
internal sealed record CallerView(string Id, string DisplayName, PrincipalKind Kind, KeyScope? Scope, string Session, IReadOnlyList<RoleView> Roles);

/// <summary>A role on a space.</summary>
internal sealed record RoleView(SpaceId Space, Role Role);

/// <summary>A new space.</summary>
/// <param name="Id">Its name: 1-63 of a-z, 0-9, '-', '_'.</param>
/// <param name="Parent">Its parent; root when absent.</param>
internal sealed record SpaceCreateBody(string Id, string? Parent = null, string? Name = null);

/// <summary>A new API key.</summary>
internal sealed record KeyCreateBody(Role Role, string? Space = null, KeyScope? Scope = null, string? Name = null, int? ExpiresInDays = null);

/// <summary>Whether a revoke removed a binding.</summary>
internal sealed record RevokeAnswer(bool Revoked);
