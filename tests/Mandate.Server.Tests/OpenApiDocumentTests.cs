namespace Mandate.Server.Tests;

using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

/// <summary>The OpenAPI document parses as OpenAPI 3.x and describes every mapped /api/v1 route.</summary>
public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_document_is_valid_OpenAPI_3_and_covers_every_api_route_with_its_method()
    {
        using var http = new HttpClient { BaseAddress = _server.Address };
        var json = await http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        var read = OpenApiDocument.Parse(json, OpenApiConstants.Json, new OpenApiReaderSettings());
        var document = read.Document!;
        var routes = _server.Routes().Where(r => r.Path.StartsWith("/api/v1/", StringComparison.Ordinal)).ToList();

        Assert.Empty(read.Diagnostic!.Errors);
        Assert.StartsWith("3.", read.Diagnostic.SpecificationVersion.ToString().Replace("OpenApi", string.Empty, StringComparison.Ordinal)
            .Replace('_', '.'), StringComparison.Ordinal);
        Assert.True(routes.Count >= 30, $"only {routes.Count} routes were mapped");
        foreach (var (method, path) in routes)
        {
            Assert.True(document.Paths.TryGetValue(path, out var item), $"{path} is not in the OpenAPI document");
            Assert.True(item!.Operations!.Keys.Any(m => m == method), $"{method} {path} is not in the OpenAPI document");
        }

        Assert.Equal(routes.Select(r => r.Path).Distinct().Order(StringComparer.Ordinal), document.Paths.Keys.Order(StringComparer.Ordinal));
        var scheme = document.Components!.SecuritySchemes!["bearer"];
        Assert.Equal(SecuritySchemeType.Http, scheme.Type);
        Assert.Equal("bearer", scheme.Scheme);
        Assert.NotEmpty(document.Security!);
    }

    [Fact]
    public async Task Bodies_and_answers_are_described_in_snake_case_with_problem_responses()
    {
        using var http = new HttpClient { BaseAddress = _server.Address };
        var json = await http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var document = OpenApiDocument.Parse(json, OpenApiConstants.Json, new OpenApiReaderSettings()).Document!;

        var create = document.Paths["/api/v1/projects/{project}/resources"]!.Operations![HttpMethod.Post];
        var body = create.RequestBody!.Content!["application/json"].Schema!;
        var patch = document.Paths["/api/v1/projects/{project}/resources/{resource}"]!.Operations![HttpMethod.Patch];

        Assert.Contains("resource_id", body.Properties!.Keys);
        Assert.Contains("resource_type", body.Properties.Keys);
        Assert.Contains("application/merge-patch+json", patch.RequestBody!.Content!.Keys);
        Assert.Contains("401", create.Responses!.Keys);
        Assert.Contains("application/problem+json", create.Responses["422"].Content!.Keys);
        var role = document.Components!.Schemas!["RoleView"];
        Assert.Equal(JsonSchemaType.String, role.Properties!["space"].Type & JsonSchemaType.String);
        Assert.Contains("policy-author", role.Properties["role"].Enum!.Select(e => e!.ToString().Trim('"')));
    }
}

internal static class RouteListing
{
    /// <summary>Every mapped route as (method, path) in OpenAPI's spelling ("/api/v1/projects/{project}").</summary>
    public static IEnumerable<(HttpMethod Method, string Path)> Routes(this ApiServer server)
    {
        foreach (var endpoint in server.Endpoints())
        {
            if (endpoint is not RouteEndpoint route || route.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods)
            {
                continue;
            }

            var path = "/" + route.RoutePattern.RawText!.Trim('/');
            foreach (var method in methods.HttpMethods)
            {
                yield return (new HttpMethod(method), path);
            }
        }
    }
}
