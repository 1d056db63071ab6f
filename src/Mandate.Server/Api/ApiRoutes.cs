namespace Mandate.Server.Api;

using Mandate.Core.Application;
using Mandate.Server.Api.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

/// <summary>
/// Maps REST /api/v1: one file per area, every endpoint a thin translation to one call of the Core
/// facade (<see cref="MandateCore"/>), which authorizes and audits. The gate in front authenticates.
/// </summary>
internal static class ApiRoutes
{
    public static IEndpointRouteBuilder MapApiV1(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup(ApiGate.Prefix);
        // Every endpoint can answer these; the OpenAPI document says so with the problem schema.
        foreach (var status in new[] { 400, 401, 403, 404, 409, 413, 423, 429 })
        {
            api.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ApiProblem), [ApiProblem.ContentType]));
        }

        api.MapProjects();
        api.MapResources();
        api.MapReadBack();
        api.MapOperations();
        api.MapPolicies();
        api.MapAudit();
        api.MapLocks();
        api.MapAdmin();
        api.MapIntegrations();
        return routes;
    }

    /// <summary>The request's <see cref="CallContext"/> for the facade, from what the gate authenticated.</summary>
    public static CallContext Context(this HttpContext http)
    {
        var caller = ApiCaller.Of(http);
        return new CallContext(caller.Principal, caller.SessionId);
    }
}
