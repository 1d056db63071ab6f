namespace Mandate.Mcp.Tests.Support;

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

/// <summary>Hand-made Streamable HTTP requests, for what a well-behaved client would never send.</summary>
internal static class RawMcp
{
    public const string Initialize =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

    public static HttpRequestMessage Post(string body, string? session = null, string accept = "application/json, text/event-stream")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd(accept);
        if (session is not null)
        {
            request.Headers.Add("Mcp-Session-Id", session);
        }

        return request;
    }

    /// <summary>Initializes a session and sends notifications/initialized; returns the session id.</summary>
    public static async Task<string> StartSessionAsync(HttpClient client)
    {
        using var response = await client.SendAsync(Post(Initialize));
        response.EnsureSuccessStatusCode();
        var session = response.Headers.GetValues("Mcp-Session-Id").Single();
        using var initialized = await client.SendAsync(Post("""{"jsonrpc":"2.0","method":"notifications/initialized"}""", session));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, initialized.StatusCode);
        return session;
    }

    /// <summary>The JSON-RPC message in a response, whether sent as JSON or as the last SSE event.</summary>
    public static async Task<JsonObject> MessageAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            var data = text.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Last()[5..].Trim();
            return JsonNode.Parse(data)!.AsObject();
        }

        return JsonNode.Parse(text)!.AsObject();
    }

    public static MediaTypeHeaderValue? ContentType(HttpResponseMessage response) => response.Content.Headers.ContentType;
}
