namespace Mandate.TestFixtures.Aws;

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

/// <summary>
/// DynamoDB's JSON-over-HTTP API, called directly. Tests use it to check what really exists in dynalite,
/// independently of the provider runtime under test.
/// </summary>
public sealed class DynamoDbHttpClient(Uri endpoint, string region = "us-east-1") : IDisposable
{
    private readonly HttpClient _http = new(new SigV4SigningHandler("mandate-test", "mandate-test-secret", region, "dynamodb"))
    {
        BaseAddress = endpoint,
    };

    /// <summary>Calls one DynamoDB action (e.g. "CreateTable") and returns the response document.</summary>
    public async Task<JsonNode> CallAsync(string action, object request, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/");
        message.Headers.Add("X-Amz-Target", $"DynamoDB_20120810.{action}");
        message.Content = new StringContent(JsonSerializer.Serialize(request), Encoding.UTF8);
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        using var response = await _http.SendAsync(message, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new DynamoDbException(action, (int)response.StatusCode, text);
        }

        return JsonNode.Parse(text) ?? new JsonObject();
    }

    /// <summary>The table's description, or null when it does not exist.</summary>
    public async Task<JsonNode?> DescribeTableAsync(string table, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await CallAsync("DescribeTable", new { TableName = table }, cancellationToken);
            return response["Table"];
        }
        catch (DynamoDbException e) when (e.ErrorType.EndsWith("ResourceNotFoundException", StringComparison.Ordinal))
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<string>> ListTablesAsync(CancellationToken cancellationToken = default)
    {
        var response = await CallAsync("ListTables", new { }, cancellationToken);
        return response["TableNames"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A DynamoDB error response: its HTTP status, its `__type` and its message.</summary>
public sealed class DynamoDbException(string action, int status, string body)
    : Exception($"DynamoDB {action} failed with HTTP {status}: {body}")
{
    public int Status { get; } = status;

    public string ErrorType { get; } = TryReadType(body);

    private static string TryReadType(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["__type"]?.GetValue<string>() ?? string.Empty;
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }
}
