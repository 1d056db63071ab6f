using System.Buffers;
using System.Text.Json;

namespace Mandate.Providers.Cty;

/// <summary>
/// Terraform's JSON encoding of cty types: primitives as strings (<c>"string"</c>, <c>"dynamic"</c>), the rest as
/// arrays whose first element names the kind (<c>["list","string"]</c>, <c>["object",{"a":"number"},["a"]]</c>).
/// The plugin protocol carries every attribute type this way.
/// </summary>
internal static class CtyTypeJson
{
    public static CtyType Parse(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        try
        {
            if (!reader.Read()) throw Invalid("empty input");
            var type = ReadType(ref reader);
            if (reader.Read()) throw Invalid("trailing content after the type");
            return type;
        }
        catch (JsonException e)
        {
            throw new FormatException($"Invalid cty type JSON: {e.Message}", e);
        }
    }

    /// <summary>Reads one type; the reader is positioned on its first token and is left on its last.</summary>
    public static CtyType ReadType(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString() switch
            {
                "string" => CtyType.String,
                "number" => CtyType.Number,
                "bool" => CtyType.Bool,
                "dynamic" => CtyType.Dynamic,
                var other => throw Invalid($"unknown primitive type \"{other}\"; expected string, number, bool or dynamic"),
            };
        }

        if (reader.TokenType != JsonTokenType.StartArray) throw Invalid($"expected a string or an array, got {reader.TokenType}");
        Next(ref reader);
        if (reader.TokenType != JsonTokenType.String) throw Invalid("a composite type array must start with its kind");
        var kind = reader.GetString();
        Next(ref reader);
        CtyType result;
        switch (kind)
        {
            case "list":
                result = CtyType.List(ReadType(ref reader));
                break;
            case "set":
                result = CtyType.Set(ReadType(ref reader));
                break;
            case "map":
                result = CtyType.Map(ReadType(ref reader));
                break;
            case "tuple":
                if (reader.TokenType != JsonTokenType.StartArray) throw Invalid("tuple element types must be an array");
                var elements = new List<CtyType>();
                for (Next(ref reader); reader.TokenType != JsonTokenType.EndArray; Next(ref reader))
                    elements.Add(ReadType(ref reader));
                result = CtyType.Tuple(elements);
                break;
            case "object":
                if (reader.TokenType != JsonTokenType.StartObject) throw Invalid("object attribute types must be a JSON object");
                var attributes = new Dictionary<string, CtyType>(StringComparer.Ordinal);
                for (Next(ref reader); reader.TokenType != JsonTokenType.EndObject; Next(ref reader))
                {
                    var name = reader.GetString()!;
                    Next(ref reader);
                    if (!attributes.TryAdd(name, ReadType(ref reader))) throw Invalid($"attribute \"{name}\" appears twice");
                }

                List<string>? optional = null;
                Next(ref reader);
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    optional = [];
                    for (Next(ref reader); reader.TokenType != JsonTokenType.EndArray; Next(ref reader))
                    {
                        if (reader.TokenType != JsonTokenType.String) throw Invalid("optional attribute names must be strings");
                        optional.Add(reader.GetString()!);
                    }
                }
                else
                {
                    // No optional list: we already stand on the closing bracket.
                    if (reader.TokenType != JsonTokenType.EndArray) throw Invalid("unexpected content after object attributes");
                    return CtyType.Object(attributes);
                }

                result = CtyType.Object(attributes, optional);
                break;
            default:
                throw Invalid($"unknown type kind \"{kind}\"; expected list, set, map, object or tuple");
        }

        Next(ref reader);
        if (reader.TokenType != JsonTokenType.EndArray) throw Invalid($"too many elements in the {kind} type array");
        return result;
    }

    public static byte[] Write(CtyType type)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
            Write(writer, type);
        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(Utf8JsonWriter writer, CtyType type)
    {
        switch (type.Kind)
        {
            case CtyTypeKind.String: writer.WriteStringValue("string"); return;
            case CtyTypeKind.Number: writer.WriteStringValue("number"); return;
            case CtyTypeKind.Bool: writer.WriteStringValue("bool"); return;
            case CtyTypeKind.Dynamic: writer.WriteStringValue("dynamic"); return;
        }

        writer.WriteStartArray();
        switch (type.Kind)
        {
            case CtyTypeKind.List or CtyTypeKind.Set or CtyTypeKind.Map:
                writer.WriteStringValue(type.Kind switch { CtyTypeKind.List => "list", CtyTypeKind.Set => "set", _ => "map" });
                Write(writer, type.ElementType!);
                break;
            case CtyTypeKind.Tuple:
                writer.WriteStringValue("tuple");
                writer.WriteStartArray();
                foreach (var t in type.TupleElementTypes) Write(writer, t);
                writer.WriteEndArray();
                break;
            case CtyTypeKind.Object:
                writer.WriteStringValue("object");
                writer.WriteStartObject();
                foreach (var name in type.AttributeNames)
                {
                    writer.WritePropertyName(name);
                    Write(writer, type.AttributeTypes[name]);
                }

                writer.WriteEndObject();
                if (type.OptionalAttributes.Count > 0)
                {
                    writer.WriteStartArray();
                    foreach (var name in type.AttributeNames.Where(type.OptionalAttributes.Contains)) writer.WriteStringValue(name);
                    writer.WriteEndArray();
                }

                break;
        }

        writer.WriteEndArray();
    }

    private static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) throw Invalid("unexpected end of input");
    }

    private static FormatException Invalid(string why) => new($"Invalid cty type JSON: {why}.");
}
