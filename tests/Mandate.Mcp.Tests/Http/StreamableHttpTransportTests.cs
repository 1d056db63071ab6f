namespace Mandate.Mcp.Tests.Http;

using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mandate.Mcp.Tests.Support;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

/// <summary>The /mcp endpoint with the official C# client and with hand-made requests, on a real Kestrel host.</summary>
public sealed class StreamableHttpTransportTests : IAsyncLifetime
{
    private TransportHost _host = null!;

    public async Task InitializeAsync() => _host = await TransportHost.StartAsync(o => o.MaxRequestBodyBytes = 64 * 1024);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_official_client_initializes_lists_tools_and_calls_one()
    {
        await using var client = await _host.ConnectAsync();
        Assert.Equal("mandate", client.ServerInfo?.Name);
        Assert.Contains("plan", client.ServerInstructions ?? "", StringComparison.OrdinalIgnoreCase);
        var tools = await client.ListToolsAsync();
        Assert.Contains(tools, t => t.Name == "provider_search");
        var search = tools.Single(t => t.Name == "provider_search");
        Assert.True(search.ProtocolTool.Annotations?.ReadOnlyHint);

        var result = await client.CallToolAsync("provider_search", new Dictionary<string, object?> { ["query"] = "no-such-cloud-xyz" });
        Assert.NotEqual(true, result.IsError);
        var json = JsonNode.Parse(((TextContentBlock)result.Content[0]).Text)!;
        Assert.Empty(json["providers"]!.AsArray());
        Assert.NotNull(json["hint"]);
    }

    [Fact]
    public async Task Unknown_tool_is_a_json_rpc_invalid_params_error_with_a_suggestion()
    {
        await using var client = await _host.ConnectAsync();
        var e = await Assert.ThrowsAsync<McpProtocolException>(async () => await client.CallToolAsync("provider_serch"));
        Assert.Equal(McpErrorCode.InvalidParams, e.ErrorCode);
        Assert.Contains("provider_search", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{}""", "missing required argument 'provider'")]
    [InlineData("""{"provider":"aws","query":"table","colour":"red"}""", "unknown argument 'colour'")]
    [InlineData("""{"provider":"aws","query":"table","limt":3}""", "did you mean 'limit'")]
    [InlineData("""{"provider":"aws","query":42}""", "argument 'query' must be a string, not the number 42")]
    [InlineData("""{"provider":"aws","query":"t","limit":"3"}""", "argument 'limit' must be an integer")]
    [InlineData("""{"provider":"aws","query":"t","limit":500}""", "between 1 and 50")]
    public async Task Bad_arguments_are_tool_errors_naming_the_problem(string arguments, string expected)
    {
        await using var client = await _host.ConnectAsync();
        var args = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(arguments)!;
        var result = await client.CallToolAsync(new CallToolRequestParams { Name = "provider_resource_types", Arguments = args });
        Assert.True(result.IsError);
        var error = JsonNode.Parse(((TextContentBlock)result.Content[0]).Text)!["error"]!;
        Assert.Equal("invalid_argument", error["code"]!.GetValue<string>());
        Assert.Contains(expected, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(error["next"]);
    }

    [Fact]
    public async Task Missing_key_gets_401_with_a_bearer_challenge()
    {
        using var http = _host.RawClient(key: null);
        using var response = await http.SendAsync(RawMcp.Post(RawMcp.Initialize));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("Authorization: Bearer", (await RawMcp.MessageAsync(response))["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_key_gets_401_invalid_token_and_starts_no_session()
    {
        using var http = _host.RawClient(key: "not-a-key");
        using var response = await http.SendAsync(RawMcp.Post(RawMcp.Initialize));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Mcp-Session-Id"));
        Assert.Equal(0, Sessions());
    }

    [Theory]
    [InlineData("Origin", "http://evil.example")]
    [InlineData("Origin", "https://127.0.0.1.evil.example:8080")]
    [InlineData("Host", "evil.example")]
    public async Task Foreign_origin_or_host_gets_403_before_anything_happens(string header, string value)
    {
        using var http = _host.RawClient();
        using var request = RawMcp.Post(RawMcp.Initialize);
        if (header == "Host")
        {
            request.Headers.Host = value;
        }
        else
        {
            request.Headers.Add(header, value);
        }

        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(value, (await RawMcp.MessageAsync(response))["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, Sessions());
    }

    [Fact]
    public async Task Loopback_origin_is_allowed()
    {
        using var http = _host.RawClient();
        using var request = RawMcp.Post(RawMcp.Initialize);
        request.Headers.Add("Origin", "http://localhost:6274");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Oversized_body_gets_413()
    {
        using var http = _host.RawClient();
        var padding = new string('x', 70 * 1024);
        using var response = await http.SendAsync(RawMcp.Post($$$"""{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"{{{padding}}}"}}"""));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, Sessions());
    }

    [Theory]
    [InlineData("{not json", -32700)]
    [InlineData("[]", -32600)]
    [InlineData("""{"id":1,"method":"initialize"}""", -32600)]
    [InlineData("""{"jsonrpc":"2.0","id":1}""", -32600)]
    public async Task Malformed_json_rpc_gets_400_with_the_json_rpc_error_code(string body, int code)
    {
        using var http = _host.RawClient();
        using var response = await http.SendAsync(RawMcp.Post(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (await RawMcp.MessageAsync(response))["error"]!["code"]!.GetValue<int>());
        Assert.Equal(0, Sessions());
    }

    [Fact]
    public async Task A_request_without_a_session_must_be_initialize()
    {
        using var http = _host.RawClient();
        using var response = await http.SendAsync(RawMcp.Post("""{"jsonrpc":"2.0","id":7,"method":"tools/list"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = await RawMcp.MessageAsync(response);
        Assert.Equal(7, message["id"]!.GetValue<int>());
        Assert.Contains("initialize", message["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sessions_answer_over_sse_or_json_and_end_with_delete()
    {
        using var http = _host.RawClient();
        var session = await RawMcp.StartSessionAsync(http);

        using (var sse = await http.SendAsync(RawMcp.Post("""{"jsonrpc":"2.0","id":2,"method":"ping"}""", session)))
        {
            Assert.Equal("text/event-stream", RawMcp.ContentType(sse)?.MediaType);
            Assert.Equal(2, (await RawMcp.MessageAsync(sse))["id"]!.GetValue<int>());
        }

        using (var json = await http.SendAsync(RawMcp.Post("""{"jsonrpc":"2.0","id":3,"method":"tools/list"}""", session, accept: "application/json")))
        {
            Assert.Equal("application/json", RawMcp.ContentType(json)?.MediaType);
            var message = await RawMcp.MessageAsync(json);
            Assert.Equal(3, message["id"]!.GetValue<int>());
            Assert.NotEmpty(message["result"]!["tools"]!.AsArray());
        }

        using (var delete = await http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "") { Headers = { { "Mcp-Session-Id", session } } }))
        {
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        }

        using var gone = await http.SendAsync(RawMcp.Post("""{"jsonrpc":"2.0","id":4,"method":"ping"}""", session));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_session_belongs_to_the_key_that_started_it()
    {
        using var owner = _host.RawClient();
        var session = await RawMcp.StartSessionAsync(owner);
        using var other = _host.RawClient(TestKeys.Other);
        using var response = await other.SendAsync(RawMcp.Post("""{"jsonrpc":"2.0","id":2,"method":"tools/list"}""", session));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Get_opens_the_session_event_stream()
    {
        using var http = _host.RawClient();
        var session = await RawMcp.StartSessionAsync(http);
        using var request = new HttpRequestMessage(HttpMethod.Get, "");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("Mcp-Session-Id", session);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", RawMcp.ContentType(response)?.MediaType);
    }

    [Fact]
    public async Task Protocol_version_header_must_match_the_session()
    {
        using var http = _host.RawClient();
        var session = await RawMcp.StartSessionAsync(http);
        using var request = RawMcp.Post("""{"jsonrpc":"2.0","id":2,"method":"ping"}""", session);
        request.Headers.Add("MCP-Protocol-Version", "1999-01-01");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private int Sessions() => ((Mandate.Mcp.Http.McpHttpSessions)_host.Services.GetService(typeof(Mandate.Mcp.Http.McpHttpSessions))!).Count;
}
