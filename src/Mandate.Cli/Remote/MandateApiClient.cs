namespace Mandate.Cli.Remote;

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

/// <summary>
/// A small client of Mandate's REST API (/api/v1) for the CLI: one method per endpoint the CLI uses,
/// JSON in and out, the bearer key on every request, and every refusal turned into a
/// <see cref="RemoteProblem"/> carrying the server's problem document.
/// </summary>
internal sealed partial class MandateApiClient : IDisposable
{
    public const string MergePatchType = "application/merge-patch+json";

    private readonly HttpClient _http;
    private readonly Uri _server;

    public MandateApiClient(Uri server, string apiKey, string? session = null, HttpMessageHandler? handler = null)
    {
        _server = server;
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.BaseAddress = new Uri(server.AbsoluteUri.TrimEnd('/') + "/api/v1/");
        _http.Timeout = TimeSpan.FromMinutes(10);
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("mandate-cli", Server.MandateVersion.Current));
        if (!string.IsNullOrEmpty(session))
        {
            _http.DefaultRequestHeaders.Add("Mandate-Session", session);
        }
    }

    public Task<JsonNode> GetAsync(string path, Query? query, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path + (query?.ToString() ?? string.Empty), null, null, cancellationToken);

    public Task<JsonNode> PostAsync(string path, object? body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, body, "application/json", cancellationToken);

    public Task<JsonNode> PutAsync(string path, object body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, path, body, "application/json", cancellationToken);

    public Task<JsonNode> PatchAsync(string path, object body, string contentType, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Patch, path, body, contentType, cancellationToken);

    public Task<JsonNode> DeleteAsync(string path, Query? query, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, path + (query?.ToString() ?? string.Empty), null, null, cancellationToken);

    /// <summary>A path segment escaped for a URL (ids are plain, but a name given by a person may not be).</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, object? body, string? contentType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            var json = body is JsonNode node ? node.ToJsonString() : JsonSerializer.Serialize(body, RemoteJson.Options);
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType!) { CharSet = "utf-8" };
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new RemoteUnavailable($"cannot reach the Mandate server at {_server}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RemoteUnavailable($"the Mandate server at {_server} did not answer within {_http.Timeout.TotalMinutes:0} minutes", e);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw ProblemOf(response, text);
            }

            if (text.Length == 0)
            {
                return new JsonObject();
            }

            try
            {
                return JsonNode.Parse(text) ?? new JsonObject();
            }
            catch (JsonException)
            {
                throw new RemoteUnavailable($"{_server} answered {method} {path} with something that is not JSON; is it a Mandate server?");
            }
        }
    }

    private RemoteProblem ProblemOf(HttpResponseMessage response, string text)
    {
        var status = (int)response.StatusCode;
        try
        {
            if (JsonNode.Parse(text) is JsonObject problem && problem["detail"] is JsonValue detail)
            {
                return new RemoteProblem(status, problem["code"]?.GetValue<string>() ?? "http_" + status, detail.GetValue<string>(),
                    problem["details"] as JsonObject);
            }
        }
        catch (JsonException)
        {
            // Not a problem document: fall through to the status line.
        }

        return new RemoteProblem(status, "http_" + status,
            $"{_server} answered {(int)response.StatusCode} {response.ReasonPhrase} without a problem document; is it a Mandate server?", null);
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>Query-string builder that leaves out unset values and escapes the rest.</summary>
internal sealed class Query
{
    private readonly List<string> _parts = [];

    public Query Add(string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _parts.Add($"{name}={Uri.EscapeDataString(value)}");
        }

        return this;
    }

    public Query Add(string name, int? value) =>
        Add(name, value?.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public Query Add(string name, bool value) => value ? Add(name, "true") : this;

    public override string ToString() => _parts.Count == 0 ? string.Empty : "?" + string.Join('&', _parts);
}

/// <summary>The API's JSON conventions on the client side: snake_case, nulls left out.</summary>
internal static class RemoteJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
