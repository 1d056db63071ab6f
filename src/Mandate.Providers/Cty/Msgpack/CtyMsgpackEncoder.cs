namespace Mandate.Providers.Cty.Msgpack;

/// <summary>Writes values by walking the declared type, so dynamic positions get their type prefix.</summary>
internal static class CtyMsgpackEncoder
{
    public static void Write(ref MsgpackWriter writer, CtyValue value, CtyType type)
    {
        if (type.Kind == CtyTypeKind.Dynamic && value.Type.Kind != CtyTypeKind.Dynamic)
        {
            writer.WriteArrayHeader(2);
            writer.WriteBinary(value.Type.ToJsonUtf8());
            Write(ref writer, value, value.Type);
            return;
        }

        if (!value.IsKnown)
        {
            writer.WriteUnknown();
            return;
        }

        if (value.IsNull)
        {
            writer.WriteNil();
            return;
        }

        // Only the kind is checked here; nested mismatches are found at their own level, so the error has a path.
        if (value.Type.Kind != type.Kind || (type.Kind == CtyTypeKind.Object && !value.Type.AttributeNames.SequenceEqual(type.AttributeNames))
            || (type.Kind == CtyTypeKind.Tuple && value.Length != type.TupleElementTypes.Length))
            throw new CtyCodecException($"a value of type {value.Type} cannot be written as {type}.");

        switch (type.Kind)
        {
            case CtyTypeKind.String:
                writer.WriteString(value.AsString());
                break;
            case CtyTypeKind.Number:
                WriteNumber(ref writer, value.AsNumber());
                break;
            case CtyTypeKind.Bool:
                writer.WriteBool(value.AsBool());
                break;
            case CtyTypeKind.List or CtyTypeKind.Set:
                writer.WriteArrayHeader(value.Length);
                for (var i = 0; i < value.Length; i++)
                    WriteStep(ref writer, value.Elements[i], type.ElementType!, CtyPathStep.ElementIndex(i));
                break;
            case CtyTypeKind.Tuple:
                writer.WriteArrayHeader(value.Length);
                for (var i = 0; i < value.Length; i++)
                    WriteStep(ref writer, value.Elements[i], type.TupleElementTypes[i], CtyPathStep.ElementIndex(i));
                break;
            case CtyTypeKind.Map:
                writer.WriteMapHeader(value.Length);
                for (var i = 0; i < value.Length; i++)
                {
                    writer.WriteString(value.MapKeys[i]);
                    WriteStep(ref writer, value.Elements[i], type.ElementType!, CtyPathStep.ElementKey(value.MapKeys[i]));
                }

                break;
            case CtyTypeKind.Object:
                writer.WriteMapHeader(type.AttributeNames.Length);
                foreach (var name in type.AttributeNames)
                {
                    writer.WriteString(name);
                    WriteStep(ref writer, value.GetAttribute(name), type.AttributeTypes[name], CtyPathStep.Attribute(name));
                }

                break;
        }
    }

    private static void WriteStep(ref MsgpackWriter writer, CtyValue value, CtyType type, CtyPathStep step)
    {
        try
        {
            Write(ref writer, value, type);
        }
        catch (CtyCodecException e)
        {
            throw e.Prepend(step);
        }
    }

    private static void WriteNumber(ref MsgpackWriter writer, CtyNumber number)
    {
        // As cty: an int64 when exact, else a float64 when exact, else the decimal text (which cty reads back exactly).
        if (number.TryGetInt64(out var l)) writer.WriteInt64(l);
        else if (number.TryGetRoundTripDouble(out var d)) writer.WriteFloat64(d);
        else writer.WriteString(number.ToString());
    }
}
