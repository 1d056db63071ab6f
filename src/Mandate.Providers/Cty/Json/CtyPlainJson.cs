using System.Text.Json;
using System.Text.Json.Nodes;
using Mandate.Providers.Schema;

namespace Mandate.Providers.Cty.Json;

/// <summary>
/// The mapping between cty values and plain JSON (no type wrappers, no unknown markers inside the value).
/// <para>To JSON: sets and tuples become arrays, maps and objects become objects, numbers keep their exact
/// digits; unknown and sensitive positions are reported beside the value (<see cref="CtyJsonView"/>).</para>
/// <para>From JSON (a user's config, or a view coming back): the JSON is converted to a given type with
/// Terraform's safe conversions (number or bool to string, numeric or "true"/"false" strings to number or bool,
/// absent object attributes to null); paths listed as unknown or sensitive get those marks back. Each mismatch
/// becomes one <see cref="CtyConversionError"/> naming the path and the expected type; conversion continues so
/// one pass reports every problem.</para>
/// </summary>
public static class CtyPlainJson
{
    /// <summary>The text that stands for a redacted sensitive value.</summary>
    public const string SensitiveMarker = "(sensitive value)";

    /// <summary>The plain JSON view of <paramref name="value"/>; with <paramref name="redactSensitive"/>, sensitive values are replaced by the marker.</summary>
    public static CtyJsonView ToView(CtyValue value, bool redactSensitive = true)
    {
        ArgumentNullException.ThrowIfNull(value);
        var unknown = new List<string>();
        var sensitive = new List<string>();
        var node = ToNode(value, CtyPath.Root, redactSensitive, unknown, sensitive);
        return new CtyJsonView(node, unknown, sensitive);
    }

    /// <summary>
    /// Converts plain JSON to a value of <paramref name="type"/>. Returns null and fills <paramref name="errors"/>
    /// when anything did not convert.
    /// </summary>
    public static CtyValue? FromJson(JsonNode? json, CtyType type, out IReadOnlyList<CtyConversionError> errors,
        IEnumerable<string>? unknownPaths = null, IEnumerable<string>? sensitivePaths = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        var context = new Context(
            unknownPaths?.ToHashSet(StringComparer.Ordinal) ?? [],
            sensitivePaths?.ToHashSet(StringComparer.Ordinal) ?? []);
        var value = Convert(json, type, CtyPath.Root, context);
        errors = context.Errors;
        return context.Errors.Count == 0 ? value : null;
    }

    /// <summary>Converts a view produced by <see cref="ToView"/> (without redaction) back to a value of <paramref name="type"/>.</summary>
    public static CtyValue? FromView(CtyJsonView view, CtyType type, out IReadOnlyList<CtyConversionError> errors)
    {
        ArgumentNullException.ThrowIfNull(view);
        return FromJson(view.Value, type, out errors, view.UnknownPaths, view.SensitivePaths);
    }

    private static JsonNode? ToNode(CtyValue value, CtyPath path, bool redact, List<string> unknown, List<string> sensitive)
    {
        if (value.IsSensitive)
        {
            sensitive.Add(path.ToString());
            if (redact) return JsonValue.Create(SensitiveMarker);
        }

        if (!value.IsKnown)
        {
            unknown.Add(path.ToString());
            return null;
        }

        if (value.IsNull) return null;
        switch (value.Type.Kind)
        {
            case CtyTypeKind.String: return JsonValue.Create(value.AsString());
            case CtyTypeKind.Bool: return JsonValue.Create(value.AsBool());
            case CtyTypeKind.Number:
                // Parsing the exact digits keeps integers beyond 2^53 and long decimals intact.
                return JsonNode.Parse(value.AsNumber().ToString());
            case CtyTypeKind.Map:
            {
                var obj = new JsonObject();
                for (var i = 0; i < value.Length; i++)
                    obj[value.MapKeys[i]] = ToNode(value.Elements[i], path.Key(value.MapKeys[i]), redact, unknown, sensitive);
                return obj;
            }

            case CtyTypeKind.Object:
            {
                var obj = new JsonObject();
                foreach (var (name, v) in value.Attributes())
                    obj[name] = ToNode(v, path.Attribute(name), redact, unknown, sensitive);
                return obj;
            }

            default:
            {
                var array = new JsonArray();
                for (var i = 0; i < value.Length; i++) array.Add(ToNode(value.Elements[i], path.Index(i), redact, unknown, sensitive));
                return array;
            }
        }
    }

    private sealed record Context(HashSet<string> Unknown, HashSet<string> Sensitive)
    {
        public List<CtyConversionError> Errors { get; } = [];
    }

    private static CtyValue Convert(JsonNode? json, CtyType type, CtyPath path, Context context)
    {
        if (context.Unknown.Count > 0 && context.Unknown.Contains(path.ToString())) return Mark(CtyValue.Unknown(type), path, context);
        return Mark(ConvertKnown(json, type, path, context), path, context);
    }

    private static CtyValue Mark(CtyValue value, CtyPath path, Context context) =>
        context.Sensitive.Count > 0 && context.Sensitive.Contains(path.ToString()) ? value.MarkSensitive() : value;

    private static CtyValue ConvertKnown(JsonNode? json, CtyType type, CtyPath path, Context context)
    {
        if (json is null) return CtyValue.Null(type);
        var kind = json.GetValueKind();
        switch (type.Kind)
        {
            case CtyTypeKind.Dynamic:
                return ConvertKnown(json, InferType(json), path, context);
            case CtyTypeKind.String:
                if (kind == JsonValueKind.String) return CtyValue.String(json.GetValue<string>());
                if (kind == JsonValueKind.Number) return CtyValue.String(json.ToJsonString());
                if (kind is JsonValueKind.True or JsonValueKind.False) return CtyValue.String(kind == JsonValueKind.True ? "true" : "false");
                return Fail(type, json, path, context);
            case CtyTypeKind.Number:
                if (kind == JsonValueKind.Number && CtyNumber.TryParse(json.ToJsonString(), out var n)) return CtyValue.Number(n);
                if (kind == JsonValueKind.String && CtyNumber.TryParse(json.GetValue<string>(), out var s)) return CtyValue.Number(s);
                return Fail(type, json, path, context);
            case CtyTypeKind.Bool:
                if (kind is JsonValueKind.True or JsonValueKind.False) return CtyValue.Bool(kind == JsonValueKind.True);
                if (kind == JsonValueKind.String && json.GetValue<string>() is "true" or "false") return CtyValue.Bool(json.GetValue<string>() == "true");
                return Fail(type, json, path, context);
            case CtyTypeKind.List or CtyTypeKind.Set or CtyTypeKind.Tuple:
            {
                if (json is not JsonArray array) return Fail(type, json, path, context);
                if (type.Kind == CtyTypeKind.Tuple && array.Count != type.TupleElementTypes.Length)
                {
                    context.Errors.Add(new(path, $"expected {type.FriendlyName()} with {type.TupleElementTypes.Length} elements, got {array.Count}."));
                    return CtyValue.Null(type);
                }

                var items = new List<CtyValue>(array.Count);
                for (var i = 0; i < array.Count; i++)
                    items.Add(Convert(array[i], type.Kind == CtyTypeKind.Tuple ? type.TupleElementTypes[i] : type.ElementType!, path.Index(i), context));
                if (context.Errors.Count > 0) return CtyValue.Null(type);
                return type.Kind switch
                {
                    CtyTypeKind.List => CtyValue.List(type.ElementType!, items),
                    CtyTypeKind.Set => CtyValue.Set(type.ElementType!, items),
                    _ => CtyValue.Tuple(items),
                };
            }

            case CtyTypeKind.Map:
            {
                if (json is not JsonObject obj) return Fail(type, json, path, context);
                var entries = obj.Select(p => new KeyValuePair<string, CtyValue>(p.Key, Convert(p.Value, type.ElementType!, path.Key(p.Key), context))).ToList();
                return context.Errors.Count > 0 ? CtyValue.Null(type) : CtyValue.Map(type.ElementType!, entries);
            }

            default:
            {
                if (json is not JsonObject obj) return Fail(type, json, path, context);
                var attributes = new Dictionary<string, CtyValue>(StringComparer.Ordinal);
                foreach (var (name, member) in obj)
                {
                    if (!type.AttributeTypes.TryGetValue(name, out var attributeType))
                    {
                        var suggestions = DidYouMean.Suggest(name, type.AttributeNames);
                        context.Errors.Add(new(path.Attribute(name), suggestions.Count > 0
                            ? $"unknown attribute \"{name}\"; did you mean {string.Join(" or ", suggestions.Select(s => $"\"{s}\""))}?"
                            : $"unknown attribute \"{name}\"; expected one of: {string.Join(", ", type.AttributeNames)}."));
                        continue;
                    }

                    attributes[name] = Convert(member, attributeType, path.Attribute(name), context);
                }

                foreach (var name in type.AttributeNames) attributes.TryAdd(name, Convert(null, type.AttributeTypes[name], path.Attribute(name), context));
                return context.Errors.Count > 0 ? CtyValue.Null(type) : CtyValue.Object(type, attributes);
            }
        }
    }

    /// <summary>The type a plain JSON value has when nothing declares one: arrays are tuples, objects are objects.</summary>
    private static CtyType InferType(JsonNode json) => json switch
    {
        JsonArray a => CtyType.Tuple(a.Select(e => e is null ? CtyType.Dynamic : InferType(e))),
        JsonObject o => CtyType.Object(o.ToDictionary(p => p.Key, p => p.Value is null ? CtyType.Dynamic : InferType(p.Value), StringComparer.Ordinal)),
        _ => json.GetValueKind() switch
        {
            JsonValueKind.Number => CtyType.Number,
            JsonValueKind.True or JsonValueKind.False => CtyType.Bool,
            _ => CtyType.String,
        },
    };

    private static CtyValue Fail(CtyType type, JsonNode json, CtyPath path, Context context)
    {
        context.Errors.Add(new(path, $"expected {type.FriendlyName()}, got {Describe(json)}."));
        return CtyValue.Null(type);
    }

    private static string Describe(JsonNode json) => json.GetValueKind() switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string {json.ToJsonString()}",
        JsonValueKind.Number => $"the number {json.ToJsonString()}",
        _ => json.ToJsonString(),
    };
}
