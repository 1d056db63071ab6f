using System.Text.Json.Nodes;

namespace Mandate.Core.Secrets;

/// <summary>
/// Replaces sensitive values with one marker before anything leaves Core: tool and API results, logs,
/// exceptions and audit payloads all show <see cref="Marker"/> where a secret was.
/// </summary>
/// <remarks>
/// A path names a value inside a JSON document: property names separated by dots, <c>[n]</c> for an
/// array element and <c>[*]</c> for every element, e.g. <c>password</c>, <c>master_user.secret</c>,
/// <c>ingress[*].token</c>. A name met by an array applies to each element, so <c>ingress.token</c>
/// also reaches every <c>token</c> of a list of blocks. Paths are matched exactly (property names are case-sensitive); a path that
/// does not exist in a document is skipped, because a sensitive attribute is often absent. Null values
/// stay null: there is nothing to hide, and showing null tells a reader the attribute is unset. The
/// empty path means the whole document.
/// </remarks>
public static class Redaction
{
    /// <summary>The value shown instead of every secret.</summary>
    public const string Marker = "(sensitive value)";

    /// <summary>
    /// Returns a deep copy of <paramref name="document"/> with every value at <paramref name="paths"/>
    /// replaced by <see cref="Marker"/>. The input is not modified. Throws <see cref="MandateException"/>
    /// (invalid_argument) for a malformed path.
    /// </summary>
    public static JsonNode? RedactPaths(JsonNode? document, IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var copy = document?.DeepClone();
        if (copy is null)
        {
            return null;
        }

        foreach (var path in paths)
        {
            var segments = RedactionPath.Parse(path);
            if (segments.Count == 0)
            {
                // The whole document is sensitive.
                return JsonValue.Create(Marker);
            }

            Redact(copy, segments, 0);
        }

        return copy;
    }

    /// <summary>True when the node is the marker string.</summary>
    public static bool IsMarker(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text == Marker;

    private static void Redact(JsonNode node, IReadOnlyList<RedactionPath.Segment> segments, int index)
    {
        var segment = segments[index];
        var last = index == segments.Count - 1;
        switch (segment)
        {
            case { Property: { } name } when node is JsonObject obj:
                if (obj.TryGetPropertyValue(name, out var child) && child is not null)
                {
                    if (last)
                    {
                        obj[name] = Marker;
                    }
                    else
                    {
                        Redact(child, segments, index + 1);
                    }
                }

                break;

            case { Property: not null } when node is JsonArray list:
                // A name applied to a list applies to each element: provider schemas name attributes
                // of nested blocks without saying whether the block is a single object or a list.
                foreach (var element in list)
                {
                    if (element is not null)
                    {
                        Redact(element, segments, index);
                    }
                }

                break;

            case { Property: null } when node is JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if ((segment.Index is null || segment.Index == i) && array[i] is { } element)
                    {
                        if (last)
                        {
                            array[i] = Marker;
                        }
                        else
                        {
                            Redact(element, segments, index + 1);
                        }
                    }
                }

                break;
        }
    }
}
