namespace Mandate.TestFixtures.Aws;

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

/// <summary>
/// SSM's JSON-over-HTTP API, called directly (signed, as AWS SDKs call it). Tests use it to check what really exists
/// in the SSM emulator, independently of the provider under test.
/// </summary>
public sealed class SsmHttpClient(Uri endpoint, string region = "us-east-1") : IDisposable
{
    private readonly HttpClient _http = new(new SigV4SigningHandler("mandate-test", "mandate-test-secret", region, "ssm")) { BaseAddress = endpoint };

    /// <summary>Calls one SSM action (e.g. "PutParameter"); an AWS error becomes <see cref="SsmApiException"/>.</summary>
    public async Task<JsonNode> CallAsync(string action, object request, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/");
        message.Headers.Add("X-Amz-Target", $"AmazonSSM.{action}");
        message.Content = new StringContent(JsonSerializer.Serialize(request), Encoding.UTF8);
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        using var response = await _http.SendAsync(message, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode
            ? JsonNode.Parse(text) ?? new JsonObject()
            : throw new SsmApiException(action, (int)response.StatusCode, text);
    }

    /// <summary>The parameter decrypted (GetParameter WithDecryption), or null when it does not exist.</summary>
    public async Task<JsonNode?> GetParameterAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            return (await CallAsync("GetParameter", new { Name = name, WithDecryption = true }, cancellationToken))["Parameter"];
        }
        catch (SsmApiException e) when (e.ErrorType == "ParameterNotFound")
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>An SSM error response: its HTTP status, its <c>__type</c> and its message.</summary>
public sealed class SsmApiException(string action, int status, string body)
    : Exception($"SSM {action} failed with HTTP {status}: {body}")
{
    public int Status { get; } = status;

    public string ErrorType { get; } = JsonNode.Parse(body)?["__type"]?.GetValue<string>() ?? "";

    public string ErrorMessage { get; } = JsonNode.Parse(body)?["message"]?.GetValue<string>() ?? "";
}
