namespace Mandate.Server.Endpoints;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

/// <summary>Liveness: answers as soon as the host accepts requests; needs no credentials.</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => Results.Json(new HealthResponse("ok", MandateVersion.Current)))
            .WithName("Health")
            .ExcludeFromDescription();
        return routes;
    }

    private sealed record HealthResponse(string Status, string Version);
}
