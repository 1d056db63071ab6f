using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Mandate.Providers.Cty.Msgpack;

/// <summary>
/// Writes msgpack tokens straight into an <see cref="IBufferWriter{T}"/>, always in the most compact form for
/// integers and lengths (as cty's encoder does, so our bytes match Terraform's for the same value).
/// </summary>
internal ref struct MsgpackWriter(IBufferWriter<byte> output)
{
    private readonly IBufferWriter<byte> _output = output;

    public readonly void WriteNil() => WriteByte(MsgpackCode.Nil);

    public readonly void WriteBool(bool value) => WriteByte(value ? MsgpackCode.True : MsgpackCode.False);

    /// <summary>Non-negative integers use the unsigned forms, negative ones the signed forms, each the smallest that fits.</summary>
    public readonly void WriteInt64(long value)
    {
        if (value >= 0)
        {
            WriteUInt64((ulong)value);
            return;
        }

        if (value >= -32) WriteByte((byte)(sbyte)value);
        else if (value >= sbyte.MinValue) { var s = _output.GetSpan(2); s[0] = MsgpackCode.Int8; s[1] = (byte)(sbyte)value; _output.Advance(2); }
        else if (value >= short.MinValue) { var s = _output.GetSpan(3); s[0] = MsgpackCode.Int16; BinaryPrimitives.WriteInt16BigEndian(s[1..], (short)value); _output.Advance(3); }
        else if (value >= int.MinValue) { var s = _output.GetSpan(5); s[0] = MsgpackCode.Int32; BinaryPrimitives.WriteInt32BigEndian(s[1..], (int)value); _output.Advance(5); }
        else { var s = _output.GetSpan(9); s[0] = MsgpackCode.Int64; BinaryPrimitives.WriteInt64BigEndian(s[1..], value); _output.Advance(9); }
    }

    public readonly void WriteUInt64(ulong value)
    {
        if (value <= 0x7f) WriteByte((byte)value);
        else if (value <= byte.MaxValue) { var s = _output.GetSpan(2); s[0] = MsgpackCode.UInt8; s[1] = (byte)value; _output.Advance(2); }
        else if (value <= ushort.MaxValue) { var s = _output.GetSpan(3); s[0] = MsgpackCode.UInt16; BinaryPrimitives.WriteUInt16BigEndian(s[1..], (ushort)value); _output.Advance(3); }
        else if (value <= uint.MaxValue) { var s = _output.GetSpan(5); s[0] = MsgpackCode.UInt32; BinaryPrimitives.WriteUInt32BigEndian(s[1..], (uint)value); _output.Advance(5); }
        else { var s = _output.GetSpan(9); s[0] = MsgpackCode.UInt64; BinaryPrimitives.WriteUInt64BigEndian(s[1..], value); _output.Advance(9); }
    }

    public readonly void WriteFloat64(double value)
    {
        var s = _output.GetSpan(9);
        s[0] = MsgpackCode.Float64;
        BinaryPrimitives.WriteDoubleBigEndian(s[1..], value);
        _output.Advance(9);
    }

    public readonly void WriteString(string value)
    {
        var byteCount = Encoding.UTF8.GetByteCount(value);
        WriteLengthHeader(byteCount, MsgpackCode.FixStrPrefix, 31, MsgpackCode.Str8, MsgpackCode.Str16, MsgpackCode.Str32);
        var s = _output.GetSpan(byteCount);
        Encoding.UTF8.GetBytes(value, s);
        _output.Advance(byteCount);
    }

    public readonly void WriteBinary(ReadOnlySpan<byte> value)
    {
        // bin has no "fix" form: the 0 threshold makes every length take the bin8/16/32 header.
        WriteLengthHeader(value.Length, 0, -1, MsgpackCode.Bin8, MsgpackCode.Bin16, MsgpackCode.Bin32);
        value.CopyTo(_output.GetSpan(value.Length));
        _output.Advance(value.Length);
    }

    public readonly void WriteArrayHeader(int count) =>
        WriteLengthHeader(count, MsgpackCode.FixArrayPrefix, 15, 0, MsgpackCode.Array16, MsgpackCode.Array32);

    public readonly void WriteMapHeader(int count) =>
        WriteLengthHeader(count, MsgpackCode.FixMapPrefix, 15, 0, MsgpackCode.Map16, MsgpackCode.Map32);

    /// <summary>cty's "wholly unknown" marker: fixext1 of extension type 0 with one zero byte.</summary>
    public readonly void WriteUnknown()
    {
        var s = _output.GetSpan(3);
        s[0] = MsgpackCode.FixExt1;
        s[1] = 0;
        s[2] = 0;
        _output.Advance(3);
    }

    private readonly void WriteLengthHeader(int length, byte fixPrefix, int fixMax, byte code8, byte code16, byte code32)
    {
        if (length <= fixMax) WriteByte((byte)(fixPrefix | length));
        else if (code8 != 0 && length <= byte.MaxValue) { var s = _output.GetSpan(2); s[0] = code8; s[1] = (byte)length; _output.Advance(2); }
        else if (length <= ushort.MaxValue) { var s = _output.GetSpan(3); s[0] = code16; BinaryPrimitives.WriteUInt16BigEndian(s[1..], (ushort)length); _output.Advance(3); }
        else { var s = _output.GetSpan(5); s[0] = code32; BinaryPrimitives.WriteUInt32BigEndian(s[1..], (uint)length); _output.Advance(5); }
    }

    private readonly void WriteByte(byte b)
    {
        _output.GetSpan(1)[0] = b;
        _output.Advance(1);
    }
}
