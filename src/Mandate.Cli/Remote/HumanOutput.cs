namespace Mandate.Cli.Remote;

using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

/// <summary>Plain-text renderings of API answers: aligned tables for lists, key/value lines for one item.</summary>
internal static class HumanOutput
{
    /// <summary>A table of <paramref name="columns"/> (JSON field names) over the page's items, and how to get the next page.</summary>
    public static string Table(JsonNode page, params string[] columns)
    {
        var items = page["items"]?.AsArray() ?? [];
        var rows = new List<string[]> { columns.Select(c => c.ToUpperInvariant()).ToArray() };
        rows.AddRange(items.Select(item => columns.Select(c => Text(item?[c])).ToArray()));
        var widths = columns.Select((_, i) => rows.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }

        if (items.Count == 0)
        {
            text.AppendLine("(none)");
        }

        if (page["next_cursor"] is JsonValue next)
        {
            text.AppendLine($"more: --cursor {next}");
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>"name: value" lines for the given fields that are present.</summary>
    public static string Fields(JsonNode? item, params string[] names)
    {
        var present = names.Where(n => item?[n] is not null).ToList();
        var width = present.Count == 0 ? 0 : present.Max(n => n.Length) + 1;
        return string.Join('\n', present.Select(n => $"{(n + ":").PadRight(width)} {Text(item![n])}"));
    }

    /// <summary>One line per operation outcome: what happened and what to do next.</summary>
    public static string Operation(JsonNode? operation)
    {
        var id = Text(operation?["id"]);
        var kind = Text(operation?["kind"]);
        var resource = Text(operation?["resource_id"]);
        var status = Text(operation?["status"]);
        var line = $"operation {id}: {kind} {resource}: {status}";
        return status switch
        {
            "pending_review" => $"{line}; waiting for an approver: mandate approve {id} --plan-hash {Text(operation?["plan_hash"])}",
            "denied" or "failed" or "rejected" when operation?["error"] is JsonNode error => $"{line}: {Text(error)}",
            _ => line,
        };
    }

    public static string Text(JsonNode? node) => node switch
    {
        null => "-",
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        JsonValue value when value.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue value => value.ToJsonString(),
        JsonArray array => array.Count == 0 ? "-" : string.Join(",", array.Select(Text)),
        _ => node.ToJsonString(),
    };

    /// <summary>A timestamp as given by the server, or "-".</summary>
    public static string Time(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var s) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, out var time)
            ? time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : Text(node);
}
