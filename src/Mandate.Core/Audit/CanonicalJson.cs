using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mandate.Core.Audit;

/// <summary>
/// One byte-exact text per JSON value, so an audit payload hashes the same on every node and after
/// every round trip through a store (kept as text, never as a re-formatting type like PostgreSQL jsonb).
/// </summary>
/// <remarks>
/// <para>Follows RFC 8785 (JCS) for structure and strings: no insignificant whitespace; object members
/// sorted by the UTF-16 code units of their names (ordinal order); strings escape only <c>"</c>,
/// <c>\</c> and control characters (as <c>\b \t \n \f \r</c> or <c>\u00xx</c> in lowercase hex) and
/// keep every other character literally, as UTF-8; strings with unpaired surrogates are refused.</para>
/// <para>Deviation: numbers are kept exactly as written (a parsed document keeps its source text; a
/// CLR number is written in System.Text.Json's shortest round-trip form), not re-serialized as IEEE
/// doubles the way JCS does. JCS would turn 64-bit ids above 2^53 into different numbers; audit
/// payloads are built from CLR values, so their text is already deterministic. The cost is that
/// <c>1</c> and <c>1.0</c> are different canonical texts.</para>
/// </remarks>
public static class CanonicalJson
{
    /// <summary>The canonical text of <paramref name="node"/> (<c>null</c> for a null node).</summary>
    public static string Serialize(JsonNode? node)
    {
        var builder = new StringBuilder();
        Write(builder, node);
        return builder.ToString();
    }

    /// <summary>Parses <paramref name="json"/> and returns its canonical text; invalid_argument when it is not JSON.</summary>
    public static string Canonicalize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new MandateException(MandateErrorCodes.InvalidArgument, $"not valid JSON: {e.Message}");
        }

        return Serialize(node);
    }

    private static void Write(StringBuilder output, JsonNode? node)
    {
        switch (node)
        {
            case null:
                output.Append("null");
                break;
            case JsonObject obj:
                WriteObject(output, obj);
                break;
            case JsonArray array:
                output.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        output.Append(',');
                    }

                    Write(output, array[i]);
                }

                output.Append(']');
                break;
            case JsonValue value:
                WriteValue(output, value);
                break;
        }
    }

    private static void WriteObject(StringBuilder output, JsonObject obj)
    {
        var members = new List<KeyValuePair<string, JsonNode?>>(obj.Count);
        members.AddRange(obj);
        members.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        output.Append('{');
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0)
            {
                output.Append(',');
            }

            WriteString(output, members[i].Key);
            output.Append(':');
            Write(output, members[i].Value);
        }

        output.Append('}');
    }

    private static void WriteValue(StringBuilder output, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                WriteString(output, value.TryGetValue<string>(out var text) ? text : JsonSerializer.Deserialize<string>(value.ToJsonString())!);
                break;
            case JsonValueKind.Number:
                // The writer emits the raw source text for parsed numbers and the shortest round-trip
                // form for CLR numbers; neither contains whitespace or escapes.
                output.Append(value.ToJsonString());
                break;
            case JsonValueKind.True:
                output.Append("true");
                break;
            case JsonValueKind.False:
                output.Append("false");
                break;
            case JsonValueKind.Null:
                output.Append("null");
                break;
            default:
                // A JsonValue wrapping an object or array (e.g. a JsonElement): canonicalize its structure too.
                Write(output, JsonNode.Parse(value.ToJsonString()));
                break;
        }
    }

    private static void WriteString(StringBuilder output, string text)
    {
        output.Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '"': output.Append("\\\""); break;
                case '\\': output.Append("\\\\"); break;
                case '\b': output.Append("\\b"); break;
                case '\t': output.Append("\\t"); break;
                case '\n': output.Append("\\n"); break;
                case '\f': output.Append("\\f"); break;
                case '\r': output.Append("\\r"); break;
                case < ' ':
                    output.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        output.Append(c).Append(text[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        throw new MandateException(MandateErrorCodes.InvalidArgument,
                            $"a JSON string contains an unpaired surrogate (U+{(int)c:X4}) at character {i + 1}; it has no canonical UTF-8 form");
                    }
                    else
                    {
                        output.Append(c);
                    }

                    break;
            }
        }

        output.Append('"');
    }
}
