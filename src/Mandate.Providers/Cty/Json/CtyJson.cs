using System.Buffers;
using System.Text.Json;

namespace Mandate.Providers.Cty.Json;

/// <summary>
/// cty's JSON encoding of values, the one Terraform state files (<c>attributes</c>), UpgradeResourceState's
/// <c>raw_state.json</c> and <c>terraform show -json</c> use: objects with every attribute (ordinal order), sets as
/// arrays, numbers as exact JSON numbers, null as null, and a value whose declared type is dynamic as
/// <c>{"value": …, "type": …}</c>. Unknown values cannot be written (state never holds them). Decoding accepts
/// what cty accepts: numbers and bools given as strings, strings given as numbers or bools, absent object
/// attributes (read as null), and <c>{"type","value"}</c> in either order.
/// </summary>
public static class CtyJson
{
    /// <summary>Encodes a wholly known value of <paramref name="type"/> as UTF-8 JSON.</summary>
    public static byte[] Encode(CtyValue value, CtyType type)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(type);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
            Write(writer, value, type);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes UTF-8 JSON holding a value of <paramref name="type"/>; errors name the path.</summary>
    public static CtyValue Decode(ReadOnlySpan<byte> utf8Json, CtyType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new CtyCodecException($"not valid JSON: {e.Message}", e);
        }

        using (document)
            return Read(document.RootElement, type);
    }

    /// <summary>Writes one value with a <see cref="Utf8JsonWriter"/> (used by the schema cache and plan renderers too).</summary>
    public static void Write(Utf8JsonWriter writer, CtyValue value, CtyType type)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (type.Kind == CtyTypeKind.Dynamic && value.Type.Kind != CtyTypeKind.Dynamic)
        {
            writer.WriteStartObject();
            writer.WritePropertyName("value");
            Write(writer, value, value.Type);
            writer.WritePropertyName("type");
            CtyTypeJson.Write(writer, value.Type);
            writer.WriteEndObject();
            return;
        }

        if (!value.IsKnown) throw new CtyCodecException("value is unknown; only wholly known values can be written as cty JSON.");
        if (value.IsNull)
        {
            writer.WriteNullValue();
            return;
        }

        if (value.Type.Kind != type.Kind) throw new CtyCodecException($"a value of type {value.Type} cannot be written as {type}.");
        switch (type.Kind)
        {
            case CtyTypeKind.String: writer.WriteStringValue(value.AsString()); break;
            case CtyTypeKind.Number: writer.WriteRawValue(value.AsNumber().ToString(), skipInputValidation: true); break;
            case CtyTypeKind.Bool: writer.WriteBooleanValue(value.AsBool()); break;
            case CtyTypeKind.List or CtyTypeKind.Set or CtyTypeKind.Tuple:
                writer.WriteStartArray();
                for (var i = 0; i < value.Length; i++)
                {
                    var elementType = type.Kind == CtyTypeKind.Tuple ? type.TupleElementTypes[i] : type.ElementType!;
                    WriteStep(writer, value.Elements[i], elementType, CtyPathStep.ElementIndex(i));
                }

                writer.WriteEndArray();
                break;
            case CtyTypeKind.Map:
                writer.WriteStartObject();
                for (var i = 0; i < value.Length; i++)
                {
                    writer.WritePropertyName(value.MapKeys[i]);
                    WriteStep(writer, value.Elements[i], type.ElementType!, CtyPathStep.ElementKey(value.MapKeys[i]));
                }

                writer.WriteEndObject();
                break;
            default:
                writer.WriteStartObject();
                foreach (var name in type.AttributeNames)
                {
                    writer.WritePropertyName(name);
                    WriteStep(writer, value.GetAttribute(name), type.AttributeTypes[name], CtyPathStep.Attribute(name));
                }

                writer.WriteEndObject();
                break;
        }
    }

    /// <summary>Reads one value of <paramref name="type"/> from a parsed element.</summary>
    public static CtyValue Read(JsonElement element, CtyType type)
    {
        if (element.ValueKind == JsonValueKind.Null) return CtyValue.Null(type);
        switch (type.Kind)
        {
            case CtyTypeKind.Dynamic:
                return ReadDynamic(element);
            case CtyTypeKind.String:
                return element.ValueKind switch
                {
                    JsonValueKind.String => CtyValue.String(element.GetString()!),
                    JsonValueKind.Number => CtyValue.String(element.GetRawText()),
                    JsonValueKind.True => CtyValue.String("true"),
                    JsonValueKind.False => CtyValue.String("false"),
                    _ => throw Mismatch("string", element),
                };
            case CtyTypeKind.Number:
                var text = element.ValueKind switch
                {
                    JsonValueKind.Number => element.GetRawText(),
                    JsonValueKind.String => element.GetString()!,
                    _ => throw Mismatch("number", element),
                };
                return CtyNumber.TryParse(text, out var n) ? CtyValue.Number(n) : throw new CtyCodecException($"\"{text}\" is not a number.");
            case CtyTypeKind.Bool:
                return element.ValueKind switch
                {
                    JsonValueKind.True => CtyValue.True,
                    JsonValueKind.False => CtyValue.False,
                    JsonValueKind.String when element.ValueEquals("true") => CtyValue.True,
                    JsonValueKind.String when element.ValueEquals("false") => CtyValue.False,
                    _ => throw Mismatch("bool", element),
                };
            case CtyTypeKind.List or CtyTypeKind.Set or CtyTypeKind.Tuple:
            {
                if (element.ValueKind != JsonValueKind.Array) throw Mismatch("array", element);
                var count = element.GetArrayLength();
                if (type.Kind == CtyTypeKind.Tuple && count != type.TupleElementTypes.Length)
                    throw new CtyCodecException($"expected a tuple of {type.TupleElementTypes.Length} elements, found {count}.");
                var items = new List<CtyValue>(count);
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    var elementType = type.Kind == CtyTypeKind.Tuple ? type.TupleElementTypes[i] : type.ElementType!;
                    items.Add(ReadStep(item, elementType, CtyPathStep.ElementIndex(i++)));
                }

                return type.Kind switch
                {
                    CtyTypeKind.List => CtyValue.List(type.ElementType!, items),
                    CtyTypeKind.Set => CtyValue.Set(type.ElementType!, items),
                    _ => CtyValue.Tuple(items),
                };
            }

            case CtyTypeKind.Map:
            {
                if (element.ValueKind != JsonValueKind.Object) throw Mismatch("object", element);
                var entries = new List<KeyValuePair<string, CtyValue>>();
                foreach (var p in element.EnumerateObject())
                    entries.Add(new(p.Name, ReadStep(p.Value, type.ElementType!, CtyPathStep.ElementKey(p.Name))));
                return CtyValue.Map(type.ElementType!, entries);
            }

            default:
            {
                if (element.ValueKind != JsonValueKind.Object) throw Mismatch("object", element);
                var attributes = new Dictionary<string, CtyValue>(StringComparer.Ordinal);
                foreach (var p in element.EnumerateObject())
                {
                    if (!type.AttributeTypes.TryGetValue(p.Name, out var attributeType))
                        throw new CtyCodecException($"unsupported attribute \"{p.Name}\".");
                    attributes[p.Name] = ReadStep(p.Value, attributeType, CtyPathStep.Attribute(p.Name));
                }

                foreach (var name in type.AttributeNames) attributes.TryAdd(name, CtyValue.Null(type.AttributeTypes[name]));
                return CtyValue.Object(type, attributes);
            }
        }
    }

    private static CtyValue ReadDynamic(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("type", out var typeElement) || !element.TryGetProperty("value", out var valueElement))
            throw new CtyCodecException("a dynamically-typed value must be an object with \"type\" and \"value\".");
        CtyType actual;
        try
        {
            actual = CtyType.ParseJson(System.Text.Encoding.UTF8.GetBytes(typeElement.GetRawText()));
        }
        catch (FormatException e)
        {
            throw new CtyCodecException(e.Message, e);
        }

        return Read(valueElement, actual);
    }

    private static void WriteStep(Utf8JsonWriter writer, CtyValue value, CtyType type, CtyPathStep step)
    {
        try
        {
            Write(writer, value, type);
        }
        catch (CtyCodecException e)
        {
            throw e.Prepend(step);
        }
    }

    private static CtyValue ReadStep(JsonElement element, CtyType type, CtyPathStep step)
    {
        try
        {
            return Read(element, type);
        }
        catch (CtyCodecException e)
        {
            throw e.Prepend(step);
        }
    }

    private static CtyCodecException Mismatch(string expected, JsonElement found) =>
        new($"expected {expected}, found JSON {found.ValueKind.ToString().ToLowerInvariant()}.");
}
