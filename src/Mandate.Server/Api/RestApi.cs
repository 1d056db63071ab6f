namespace Mandate.Server.Api;

using Mandate.Core.Access;
using Mandate.Core.Application;
using Mandate.Server.Api.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

/// <summary>Registers and maps the REST API (/api/v1) and its OpenAPI document (/openapi/v1.json).</summary>
internal static class RestApi
{
    public static IServiceCollection AddRestApi(this IServiceCollection services)
    {
        services.Configure<JsonOptions>(options => ApiJson.Configure(options.SerializerOptions));
        // Binding failures (bad JSON, unknown fields, a query value of the wrong type) throw, so the gate
        // answers them as problems naming the field, instead of an empty 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddSingleton<IRequestAuthenticator, CoreRequestAuthenticator>();
        services.AddApiDocument();
        return services;
    }

    /// <summary>The gate goes before routing's endpoints run; call before mapping.</summary>
    public static IApplicationBuilder UseRestApi(this IApplicationBuilder app) => app.UseMiddleware<ApiGate>();

    public static IEndpointRouteBuilder MapRestApi(this IEndpointRouteBuilder routes)
    {
        routes.MapApiV1();
        routes.MapApiDocument();
        return routes;
    }

    /// <summary>Bearer keys checked by Core's <see cref="ApiKeyAuthenticator"/>, rate-limited per remote address.</summary>
    private sealed class CoreRequestAuthenticator(MandateCore core) : IRequestAuthenticator
    {
        public Task<Principal> AuthenticateAsync(HttpContext http, CancellationToken cancellationToken) =>
            core.Authenticator.AuthenticateAsync(http.Request.Headers.Authorization.ToString(),
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown", cancellationToken);
    }
}
