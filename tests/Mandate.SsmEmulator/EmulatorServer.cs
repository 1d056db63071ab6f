namespace Mandate.SsmEmulator;

using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

/// <summary>
/// The AWS JSON 1.1 protocol around <see cref="SsmActions"/>: POST / with <c>X-Amz-Target: AmazonSSM.&lt;Action&gt;</c>
/// and a JSON body; success is 200 with a JSON body, failure 400 (403 without a signature) with
/// <c>{"__type": code, "message": text}</c> and the code in <c>X-Amzn-ErrorType</c>, which is where AWS SDKs look.
/// </summary>
internal sealed class EmulatorServer(SsmActions actions)
{
    private const string TargetPrefix = "AmazonSSM.";
    private const string ContentType = "application/x-amz-json-1.1";
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _unknown = new();

    public async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            if (context.Request.HttpMethod == "GET" && context.Request.Url?.AbsolutePath == "/__emulator/calls")
            {
                await WriteAsync(context.Response, 200, CallsReport(), null);
                return;
            }

            var (status, body, error) = await AnswerAsync(context.Request);
            await WriteAsync(context.Response, status, body, error);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away mid-answer; nothing to tell it.
        }
    }

    private async Task<(int Status, JsonObject Body, string? ErrorType)> AnswerAsync(HttpListenerRequest request)
    {
        var target = request.Headers["X-Amz-Target"];
        if (request.HttpMethod != "POST" || target is null || !target.StartsWith(TargetPrefix, StringComparison.Ordinal))
        {
            return Error(new SsmException("UnknownOperationException",
                $"expected POST / with an X-Amz-Target header 'AmazonSSM.<Action>', got {request.HttpMethod} {request.Url?.AbsolutePath} with target '{target}'"));
        }

        var action = target[TargetPrefix.Length..];
        if (!SsmActions.Implements(action))
        {
            _unknown.Enqueue(action);
            await Console.Error.WriteLineAsync($"unknown action {action}");
            return Error(new SsmException("UnknownOperationException",
                $"the SSM emulator does not implement {action}; it implements {string.Join(", ", SsmActions.Names)}"));
        }

        _calls.AddOrUpdate(action, 1, (_, count) => count + 1);
        // AWS SDKs always sign; an unsigned call is a client that is not the one under test.
        if (request.Headers["Authorization"] is not { } authorization || !authorization.StartsWith("AWS4-HMAC-SHA256 ", StringComparison.Ordinal))
        {
            return (403, ErrorBody("MissingAuthenticationTokenException", "Request is missing a SigV4 Authorization header"), "MissingAuthenticationTokenException");
        }

        JsonObject input;
        try
        {
            using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
            var text = await reader.ReadToEndAsync();
            input = text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? throw new JsonException("the body is not a JSON object");
        }
        catch (JsonException e)
        {
            return Error(new SsmException("SerializationException", $"the request body of {action} is not a JSON object: {e.Message}"));
        }

        try
        {
            var output = actions.Invoke(action, input);
            Console.WriteLine($"{action} {input["Name"] ?? input["ResourceId"] ?? input["Names"]?.ToJsonString() ?? ""}");
            return (200, output, null);
        }
        catch (SsmException e)
        {
            Console.WriteLine($"{action} -> {e.Code}");
            return Error(e);
        }
    }

    private JsonObject CallsReport() => new()
    {
        ["calls"] = new JsonObject(_calls.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value))),
        ["unknown"] = new JsonArray(_unknown.Distinct(StringComparer.Ordinal).Select(u => (JsonNode?)u).ToArray()),
    };

    private static (int, JsonObject, string?) Error(SsmException e) => (400, ErrorBody(e.Code, e.Message), e.Code);

    private static JsonObject ErrorBody(string code, string message) => new() { ["__type"] = code, ["message"] = message };

    private static async Task WriteAsync(HttpListenerResponse response, int status, JsonObject body, string? errorType)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        response.StatusCode = status;
        response.ContentType = ContentType;
        response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        if (errorType is not null)
        {
            response.Headers["X-Amzn-ErrorType"] = errorType;
        }

        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }
}

/// <summary>An AWS error: its code (the <c>__type</c> SDKs match on) and message.</summary>
internal sealed class SsmException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
