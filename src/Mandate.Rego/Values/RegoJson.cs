using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Mandate.Rego.Values;

/// <summary>
/// Conversion between values and JSON. Going to JSON, sets become arrays in OPA's order and non-string
/// object keys become their own JSON text (as OPA does); numbers keep their exact digits.
/// </summary>
public static class RegoJson
{
    /// <summary>Parses JSON text; throws <see cref="JsonException"/> with the position when it is invalid.</summary>
    public static RegoValue Parse(string json)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 10_000 });
        return FromElement(doc.RootElement);
    }

    public static bool TryParse(string json, out RegoValue value)
    {
        try
        {
            value = Parse(json);
            return true;
        }
        catch (JsonException)
        {
            value = RegoNull.Instance;
            return false;
        }
    }

    public static RegoValue FromElement(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return RegoNull.Instance;
            case JsonValueKind.True:
                return RegoBoolean.True;
            case JsonValueKind.False:
                return RegoBoolean.False;
            case JsonValueKind.Number:
                return RegoNumber.Parse(element.GetRawText());
            case JsonValueKind.String:
                return RegoString.From(element.GetString()!);
            case JsonValueKind.Array:
            {
                var items = new RegoValue[element.GetArrayLength()];
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    items[i++] = FromElement(item);
                }

                return RegoArray.Own(items);
            }

            default:
            {
                var b = new RegoObject.Builder();
                foreach (var p in element.EnumerateObject())
                {
                    b.Set(RegoString.From(p.Name), FromElement(p.Value));
                }

                return b.Build();
            }
        }
    }

    /// <summary>Converts any JSON-serializable .NET value (through System.Text.Json).</summary>
    public static RegoValue FromObject(object? value, JsonSerializerOptions? options = null) => value switch
    {
        null => RegoNull.Instance,
        RegoValue v => v,
        JsonElement e => FromElement(e),
        _ => FromElement(JsonSerializer.SerializeToElement(value, value.GetType(), options)),
    };

    public static JsonElement ToElement(RegoValue value)
    {
        using var doc = JsonDocument.Parse(Serialize(value));
        return doc.RootElement.Clone();
    }

    /// <summary>
    /// Serializes compactly. With <paramref name="escapeHtml"/> the output matches Go's encoding/json,
    /// which escapes &lt;, &gt; and &amp; (OPA's json.marshal does).
    /// </summary>
    public static string Serialize(RegoValue value, bool escapeHtml = false)
    {
        var sb = new StringBuilder();
        Write(sb, value, escapeHtml);
        return sb.ToString();
    }

    public static void Write(StringBuilder sb, RegoValue value, bool escapeHtml = false)
    {
        switch (value)
        {
            case RegoString s:
                WriteString(sb, s.Value, escapeHtml);
                break;
            case RegoArray a:
                RegoText.AppendJoined(sb, '[', a.Items, ",", ']', escapeHtml, static (b, item, html) => Write(b, item, html));
                break;
            case RegoSet set:
                RegoText.AppendJoined(sb, '[', set.Items, ",", ']', escapeHtml, static (b, item, html) => Write(b, item, html));
                break;
            case RegoObject o:
                WriteObject(sb, o, escapeHtml);
                break;
            default:
                RegoText.AppendScalar(sb, value);
                break;
        }
    }

    private static void WriteObject(StringBuilder sb, RegoObject o, bool escapeHtml)
    {
        // Non-string keys become their JSON text; the resulting string keys are re-sorted so output is stable.
        var entries = new List<(string Key, RegoValue Value)>(o.Count);
        for (var i = 0; i < o.Count; i++)
        {
            var k = o.Keys[i];
            entries.Add((k is RegoString s ? s.Value : Serialize(k, escapeHtml), o.Values[i]));
        }

        entries.Sort(static (x, y) => string.CompareOrdinal(x.Key, y.Key));
        sb.Append('{');
        for (var i = 0; i < entries.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            WriteString(sb, entries[i].Key, escapeHtml);
            sb.Append(':');
            Write(sb, entries[i].Value, escapeHtml);
        }

        sb.Append('}');
    }

    public static void WriteString(StringBuilder sb, string s, bool escapeHtml)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            if (RegoText.TryAppendCommonEscape(sb, c))
            {
                continue;
            }

            if (c is < ' ' or '\u2028' or '\u2029' || (escapeHtml && c is '<' or '>' or '&'))
            {
                sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        sb.Append('"');
    }

    /// <summary>The value after a JSON round trip (sets to sorted arrays, non-string keys to strings).</summary>
    public static RegoValue RoundTrip(RegoValue value) => value switch
    {
        RegoSet s => RegoArray.From(ToArrayRoundTrip(s.Items)),
        RegoArray a => RegoArray.From(ToArrayRoundTrip(a.Items)),
        RegoObject o => RoundTripObject(o),
        _ => value,
    };

    private static RegoValue[] ToArrayRoundTrip(ReadOnlySpan<RegoValue> items)
    {
        var result = new RegoValue[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            result[i] = RoundTrip(items[i]);
        }

        return result;
    }

    private static RegoObject RoundTripObject(RegoObject o)
    {
        var b = new RegoObject.Builder();
        for (var i = 0; i < o.Count; i++)
        {
            var k = o.Keys[i];
            b.Set(k is RegoString ? k : RegoString.From(Serialize(k)), RoundTrip(o.Values[i]));
        }

        return b.Build();
    }
}
