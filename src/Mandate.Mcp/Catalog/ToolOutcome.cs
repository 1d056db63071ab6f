namespace Mandate.Mcp.Catalog;

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

/// <summary>
/// What a tool returns: compact JSON (or plain text, for schemas) on success, or an error the model can act
/// on — a stable code, what was wrong, what to do next, and details such as the closest names, the policy
/// reasons or the lock holder. Errors are tool results with <c>isError</c>, not protocol errors, so the model
/// sees them and can correct itself.
/// </summary>
public sealed class ToolOutcome
{
    /// <summary>No result is larger than this (≈ 25,000 tokens); lists page well below it.</summary>
    public const int MaxResultBytes = 100_000;

    private static readonly JsonSerializerOptions Compact = new()
    {
        WriteIndented = false,
        // Keep <, >, & and non-ASCII readable: the text goes to a model, not into HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private ToolOutcome(string text, bool isError, string? errorCode)
    {
        Text = text;
        IsError = isError;
        ErrorCode = errorCode;
    }

    public string Text { get; }

    public bool IsError { get; }

    /// <summary>The error's code (e.g. <c>invalid_argument</c>), null on success.</summary>
    public string? ErrorCode { get; }

    public static ToolOutcome Json(JsonNode result) => new(result.ToJsonString(Compact), isError: false, errorCode: null);

    public static ToolOutcome PlainText(string text) => new(text, isError: false, errorCode: null);

    /// <summary>An error result: <paramref name="next"/> says what to do about it.</summary>
    public static ToolOutcome Error(string code, string message, string? next = null, JsonObject? details = null)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (next is not null)
        {
            error["next"] = next;
        }

        if (details is not null && details.Count > 0)
        {
            error["details"] = details;
        }

        return new(new JsonObject { ["error"] = error }.ToJsonString(Compact), isError: true, errorCode: code);
    }

    /// <summary>The MCP result; an oversized success becomes an error telling the model how to ask for less.</summary>
    public CallToolResult ToResult()
    {
        var outcome = System.Text.Encoding.UTF8.GetByteCount(Text) <= MaxResultBytes ? this : Error("result_too_large",
            $"the result would be {System.Text.Encoding.UTF8.GetByteCount(Text) / 1000} KB, over the {MaxResultBytes / 1000} KB limit for one tool result",
            "ask for less: use a smaller 'limit', add filters, or page with 'cursor'");
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = outcome.Text }],
            IsError = outcome.IsError ? true : null,
        };
    }
}
