using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Mandate.Providers.Cty.Msgpack;

/// <summary>The broad kind of the next msgpack token.</summary>
internal enum MsgpackTokenKind
{
    Nil,
    Bool,
    Integer,
    Float,
    String,
    Binary,
    Array,
    Map,
    Extension,
}

/// <summary>Reads msgpack tokens from a span without allocating, except for strings it returns.</summary>
internal ref struct MsgpackReader(ReadOnlySpan<byte> input)
{
    private readonly ReadOnlySpan<byte> _input = input;
    private int _position;

    public readonly int Position => _position;

    public readonly bool End => _position >= _input.Length;

    public readonly MsgpackTokenKind PeekKind()
    {
        var b = Peek();
        return b switch
        {
            <= 0x7f or >= 0xe0 => MsgpackTokenKind.Integer,
            >= 0x80 and <= 0x8f => MsgpackTokenKind.Map,
            >= 0x90 and <= 0x9f => MsgpackTokenKind.Array,
            >= 0xa0 and <= 0xbf => MsgpackTokenKind.String,
            MsgpackCode.Nil => MsgpackTokenKind.Nil,
            MsgpackCode.True or MsgpackCode.False => MsgpackTokenKind.Bool,
            MsgpackCode.Bin8 or MsgpackCode.Bin16 or MsgpackCode.Bin32 => MsgpackTokenKind.Binary,
            MsgpackCode.Float32 or MsgpackCode.Float64 => MsgpackTokenKind.Float,
            >= MsgpackCode.UInt8 and <= MsgpackCode.Int64 => MsgpackTokenKind.Integer,
            MsgpackCode.Str8 or MsgpackCode.Str16 or MsgpackCode.Str32 => MsgpackTokenKind.String,
            MsgpackCode.Array16 or MsgpackCode.Array32 => MsgpackTokenKind.Array,
            MsgpackCode.Map16 or MsgpackCode.Map32 => MsgpackTokenKind.Map,
            MsgpackCode.Ext8 or MsgpackCode.Ext16 or MsgpackCode.Ext32 or (>= MsgpackCode.FixExt1 and <= MsgpackCode.FixExt16) => MsgpackTokenKind.Extension,
            _ => throw Error($"byte 0x{b:x2} is not a msgpack format code this decoder accepts"),
        };
    }

    public bool TryReadNil()
    {
        if (Peek() != MsgpackCode.Nil) return false;
        _position++;
        return true;
    }

    public bool ReadBool() => Take() switch
    {
        MsgpackCode.True => true,
        MsgpackCode.False => false,
        var b => throw Error($"expected a bool, found format 0x{b:x2}"),
    };

    /// <summary>Reads any msgpack integer or float, or a string holding a decimal (cty writes big numbers that way).</summary>
    public CtyNumber ReadNumber()
    {
        var b = Peek();
        switch (PeekKind())
        {
            case MsgpackTokenKind.Integer:
                _position++;
                return b switch
                {
                    <= 0x7f => CtyNumber.FromInt64(b),
                    >= 0xe0 => CtyNumber.FromInt64((sbyte)b),
                    MsgpackCode.UInt8 => CtyNumber.FromInt64(Take()),
                    MsgpackCode.UInt16 => CtyNumber.FromInt64(BinaryPrimitives.ReadUInt16BigEndian(TakeSpan(2))),
                    MsgpackCode.UInt32 => CtyNumber.FromInt64(BinaryPrimitives.ReadUInt32BigEndian(TakeSpan(4))),
                    MsgpackCode.UInt64 => CtyNumber.FromBigInteger(new BigInteger(BinaryPrimitives.ReadUInt64BigEndian(TakeSpan(8)))),
                    MsgpackCode.Int8 => CtyNumber.FromInt64((sbyte)Take()),
                    MsgpackCode.Int16 => CtyNumber.FromInt64(BinaryPrimitives.ReadInt16BigEndian(TakeSpan(2))),
                    MsgpackCode.Int32 => CtyNumber.FromInt64(BinaryPrimitives.ReadInt32BigEndian(TakeSpan(4))),
                    _ => CtyNumber.FromInt64(BinaryPrimitives.ReadInt64BigEndian(TakeSpan(8))),
                };
            case MsgpackTokenKind.Float:
                _position++;
                var d = b == MsgpackCode.Float32 ? BinaryPrimitives.ReadSingleBigEndian(TakeSpan(4)) : BinaryPrimitives.ReadDoubleBigEndian(TakeSpan(8));
                if (!double.IsFinite(d)) throw Error("infinite and NaN numbers are not supported");
                return CtyNumber.FromDouble(d);
            case MsgpackTokenKind.String:
                var text = ReadString();
                return CtyNumber.TryParse(text, out var n) ? n : throw Error($"the string \"{text}\" is not a number");
            default:
                throw Error($"expected a number, found format 0x{b:x2}");
        }
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadStringOrBinaryBytes());

    /// <summary>The payload of a str or bin token (cty accepts either where it expects bytes).</summary>
    public ReadOnlySpan<byte> ReadStringOrBinaryBytes()
    {
        var b = Take();
        var length = b switch
        {
            >= 0xa0 and <= 0xbf => b & 0x1f,
            MsgpackCode.Str8 or MsgpackCode.Bin8 => Take(),
            MsgpackCode.Str16 or MsgpackCode.Bin16 => BinaryPrimitives.ReadUInt16BigEndian(TakeSpan(2)),
            MsgpackCode.Str32 or MsgpackCode.Bin32 => CheckedLength(BinaryPrimitives.ReadUInt32BigEndian(TakeSpan(4))),
            _ => throw Error($"expected a string, found format 0x{b:x2}"),
        };
        return TakeSpan(length);
    }

    public int ReadArrayHeader()
    {
        var b = Take();
        return b switch
        {
            >= 0x90 and <= 0x9f => b & 0x0f,
            MsgpackCode.Array16 => BinaryPrimitives.ReadUInt16BigEndian(TakeSpan(2)),
            MsgpackCode.Array32 => CheckedLength(BinaryPrimitives.ReadUInt32BigEndian(TakeSpan(4))),
            _ => throw Error($"expected an array, found format 0x{b:x2}"),
        };
    }

    public int ReadMapHeader()
    {
        var b = Take();
        return b switch
        {
            >= 0x80 and <= 0x8f => b & 0x0f,
            MsgpackCode.Map16 => BinaryPrimitives.ReadUInt16BigEndian(TakeSpan(2)),
            MsgpackCode.Map32 => CheckedLength(BinaryPrimitives.ReadUInt32BigEndian(TakeSpan(4))),
            _ => throw Error($"expected a map, found format 0x{b:x2}"),
        };
    }

    /// <summary>Reads an extension token and returns its type code; the payload is skipped.</summary>
    public sbyte ReadExtension()
    {
        var b = Take();
        var length = b switch
        {
            MsgpackCode.FixExt1 => 1,
            MsgpackCode.FixExt2 => 2,
            MsgpackCode.FixExt4 => 4,
            MsgpackCode.FixExt8 => 8,
            MsgpackCode.FixExt16 => 16,
            MsgpackCode.Ext8 => Take(),
            MsgpackCode.Ext16 => BinaryPrimitives.ReadUInt16BigEndian(TakeSpan(2)),
            MsgpackCode.Ext32 => CheckedLength(BinaryPrimitives.ReadUInt32BigEndian(TakeSpan(4))),
            _ => throw Error($"expected an extension, found format 0x{b:x2}"),
        };
        var type = (sbyte)Take();
        TakeSpan(length);
        return type;
    }

    private int CheckedLength(uint length) =>
        length <= int.MaxValue ? (int)length : throw Error($"length {length} is too large");

    private readonly byte Peek() =>
        _position < _input.Length ? _input[_position] : throw Error("unexpected end of data");

    private byte Take()
    {
        var b = Peek();
        _position++;
        return b;
    }

    private ReadOnlySpan<byte> TakeSpan(int length)
    {
        if (length > _input.Length - _position) throw Error($"{length} bytes expected but only {_input.Length - _position} remain");
        var s = _input.Slice(_position, length);
        _position += length;
        return s;
    }

    private readonly FormatException Error(string why) => new($"Invalid msgpack at byte {_position}: {why}.");
}
