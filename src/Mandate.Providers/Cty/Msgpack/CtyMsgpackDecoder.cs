using System.Collections.Immutable;

namespace Mandate.Providers.Cty.Msgpack;

/// <summary>Reads values by walking the expected type; objects get every attribute (absent ones as null), as cty does.</summary>
internal static class CtyMsgpackDecoder
{
    public static CtyValue Read(ref MsgpackReader reader, CtyType type)
    {
        try
        {
            return ReadCore(ref reader, type);
        }
        catch (FormatException e) when (e is not CtyCodecException)
        {
            throw new CtyCodecException(e.Message, e);
        }
    }

    private static CtyValue ReadCore(ref MsgpackReader reader, CtyType type)
    {
        if (reader.PeekKind() == MsgpackTokenKind.Extension)
        {
            reader.ReadExtension();
            return CtyValue.Unknown(type);
        }

        if (reader.TryReadNil()) return CtyValue.Null(type);

        switch (type.Kind)
        {
            case CtyTypeKind.Dynamic:
                return ReadDynamic(ref reader);
            case CtyTypeKind.String:
                return CtyValue.String(reader.ReadString());
            case CtyTypeKind.Number:
                return CtyValue.Number(reader.ReadNumber());
            case CtyTypeKind.Bool:
                return CtyValue.Bool(reader.ReadBool());
            case CtyTypeKind.List or CtyTypeKind.Set or CtyTypeKind.Tuple:
            {
                var count = reader.ReadArrayHeader();
                if (type.Kind == CtyTypeKind.Tuple && count != type.TupleElementTypes.Length)
                    throw new CtyCodecException($"expected a tuple of {type.TupleElementTypes.Length} elements, found {count}.");
                var items = ImmutableArray.CreateBuilder<CtyValue>(count);
                for (var i = 0; i < count; i++)
                {
                    var elementType = type.Kind == CtyTypeKind.Tuple ? type.TupleElementTypes[i] : type.ElementType!;
                    items.Add(ReadStep(ref reader, elementType, CtyPathStep.ElementIndex(i)));
                }

                return type.Kind switch
                {
                    CtyTypeKind.List => CtyValue.List(type.ElementType!, items.MoveToImmutable()),
                    CtyTypeKind.Set => CtyValue.Set(type.ElementType!, items.MoveToImmutable()),
                    _ => CtyValue.Tuple(items.MoveToImmutable()),
                };
            }

            case CtyTypeKind.Map:
            {
                var count = reader.ReadMapHeader();
                var entries = new List<KeyValuePair<string, CtyValue>>(count);
                for (var i = 0; i < count; i++)
                {
                    var key = reader.ReadString();
                    entries.Add(new(key, ReadStep(ref reader, type.ElementType!, CtyPathStep.ElementKey(key))));
                }

                return CtyValue.Map(type.ElementType!, entries);
            }

            default:
                return ReadObject(ref reader, type);
        }
    }

    private static CtyValue ReadObject(ref MsgpackReader reader, CtyType type)
    {
        var count = reader.ReadMapHeader();
        var attributes = new Dictionary<string, CtyValue>(type.AttributeNames.Length, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            if (!type.AttributeTypes.TryGetValue(name, out var attributeType))
                throw new CtyCodecException($"unsupported attribute \"{name}\"; the type has [{string.Join(", ", type.AttributeNames)}].");
            attributes[name] = ReadStep(ref reader, attributeType, CtyPathStep.Attribute(name));
        }

        foreach (var name in type.AttributeNames)
            attributes.TryAdd(name, CtyValue.Null(type.AttributeTypes[name]));
        return CtyValue.Object(type, attributes);
    }

    private static CtyValue ReadDynamic(ref MsgpackReader reader)
    {
        var count = reader.ReadArrayHeader();
        if (count != 2) throw new CtyCodecException($"a dynamically-typed value must be a [type, value] array, found {count} elements.");
        CtyType actual;
        try
        {
            actual = CtyType.ParseJson(reader.ReadStringOrBinaryBytes());
        }
        catch (FormatException e)
        {
            throw new CtyCodecException($"bad type in a dynamically-typed value: {e.Message}", e);
        }

        return ReadCore(ref reader, actual);
    }

    private static CtyValue ReadStep(ref MsgpackReader reader, CtyType type, CtyPathStep step)
    {
        try
        {
            return ReadCore(ref reader, type);
        }
        catch (CtyCodecException e)
        {
            throw e.Prepend(step);
        }
        catch (FormatException e)
        {
            throw new CtyCodecException(e.Message, e).Prepend(step);
        }
    }
}
