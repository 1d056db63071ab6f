using System.Buffers;

namespace Mandate.Providers.Cty.Msgpack;

/// <summary>
/// cty's msgpack encoding, the one DynamicValue.msgpack carries on the plugin protocol:
/// <list type="bullet">
/// <item>null is nil (0xc0); unknown is extension type 0 with one zero byte (<c>d4 00 00</c>); a refined unknown
/// (extension 0x0c with a refinement map) decodes as a plain unknown, its refinements dropped;</item>
/// <item>objects are maps with every attribute, keys in ordinal order; maps are maps; lists, sets and tuples are arrays;</item>
/// <item>numbers are the smallest integer form when integral and within 64 bits, else float64 when the number is
/// the shortest form of a float64, else the decimal text as a string (nothing is rounded);</item>
/// <item>a value whose declared type is dynamic is written as a 2-element array: its type's JSON (as bin) and the value.</item>
/// </list>
/// Sensitive marks are not part of the wire format: they are dropped when encoding (Terraform unmarks before
/// every provider call and re-applies marks from the schema).
/// </summary>
public static class CtyMsgpack
{
    /// <summary>Encodes <paramref name="value"/> as a value of <paramref name="type"/>.</summary>
    public static byte[] Encode(CtyValue value, CtyType type)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Encode(value, type, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Encodes <paramref name="value"/> as a value of <paramref name="type"/> into <paramref name="output"/>.</summary>
    public static void Encode(CtyValue value, CtyType type, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(type);
        var writer = new MsgpackWriter(output);
        CtyMsgpackEncoder.Write(ref writer, value, type);
    }

    /// <summary>Decodes bytes holding a value of <paramref name="type"/>; errors name the path of the bad element.</summary>
    public static CtyValue Decode(ReadOnlySpan<byte> bytes, CtyType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var reader = new MsgpackReader(bytes);
        var value = CtyMsgpackDecoder.Read(ref reader, type);
        if (!reader.End) throw new CtyCodecException($"{bytes.Length - reader.Position} unexpected bytes after the value.");
        return value;
    }
}
