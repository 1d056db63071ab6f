namespace Mandate.Cli.Remote;

using System.Text.Json.Nodes;

/// <summary>
/// The server refused a request: its RFC 9457 problem (or, from something that is not Mandate, just the
/// status). <see cref="OneLine"/> is what the CLI prints.
/// </summary>
internal sealed class RemoteProblem(int status, string code, string detail, JsonObject? details)
    : Exception(detail)
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    public JsonObject? Details { get; } = details;

    /// <summary>The detail, then the hints a person acts on (policy reasons, lock holder, closest names), then code and status.</summary>
    public string OneLine()
    {
        var hints = new List<string>();
        if (Details is not null)
        {
            foreach (var (name, value) in Details)
            {
                if (value is JsonArray { Count: > 0 } list && name is "reasons" or "deny_reasons" or "closest" or "did_you_mean" or "allowed_roles")
                {
                    hints.Add($"{name.Replace('_', ' ')}: {string.Join("; ", list.Select(v => v?.ToString()))}");
                }
            }
        }

        var text = Message.ReplaceLineEndings(" ").Trim();
        var extra = hints.Count == 0 ? string.Empty : " — " + string.Join(" — ", hints.Where(h => !text.Contains(h, StringComparison.Ordinal)));
        return $"{text}{(extra == " — " ? string.Empty : extra)} [{Code}, HTTP {Status}]";
    }
}

/// <summary>The server could not be reached or answered something that is not Mandate's API.</summary>
internal sealed class RemoteUnavailable(string message, Exception? inner = null) : Exception(message, inner);
