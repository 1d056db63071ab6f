namespace Mandate.Providers.Registry.OpenPgp;

/// <summary>Packet tags this reader cares about (RFC 9580 §5).</summary>
internal enum PgpPacketTag
{
    Signature = 2,
    PublicKey = 6,
    UserId = 13,
    PublicSubkey = 14,
    UserAttribute = 17,
}

/// <summary>One OpenPGP packet: its tag and body, with partial-length chunks already joined.</summary>
internal readonly record struct PgpPacket(int Tag, byte[] Body);

/// <summary>
/// Splits binary OpenPGP data into packets, understanding both header formats: the legacy ("old") format with
/// a 2-bit length type and the current ("new") format with one-, two- and five-octet and partial lengths.
/// </summary>
internal static class PgpPacketReader
{
    public static List<PgpPacket> ReadAll(ReadOnlySpan<byte> data, string what)
    {
        var packets = new List<PgpPacket>();
        var pos = 0;
        while (pos < data.Length)
        {
            var header = data[pos];
            if ((header & 0x80) == 0)
                throw new PgpFormatException($"The {what} is not OpenPGP data: byte {pos} (0x{header:X2}) is not a packet header.");
            pos++;
            int tag;
            byte[] body;
            if ((header & 0x40) != 0)
            {
                tag = header & 0x3F;
                body = ReadNewFormatBody(data, ref pos, what);
            }
            else
            {
                tag = (header >> 2) & 0x0F;
                var lengthType = header & 0x03;
                long length = lengthType switch
                {
                    0 => Take(data, ref pos, 1, what)[0],
                    1 => BigEndian(Take(data, ref pos, 2, what)),
                    2 => BigEndian(Take(data, ref pos, 4, what)),
                    _ => data.Length - pos, // indeterminate: the packet runs to the end of the data
                };
                body = Take(data, ref pos, length, what).ToArray();
            }
            packets.Add(new PgpPacket(tag, body));
        }
        return packets;
    }

    private static byte[] ReadNewFormatBody(ReadOnlySpan<byte> data, ref int pos, string what)
    {
        using var joined = new MemoryStream();
        while (true)
        {
            var first = Take(data, ref pos, 1, what)[0];
            long length;
            var partial = false;
            if (first < 192)
                length = first;
            else if (first < 224)
                length = ((first - 192) << 8) + Take(data, ref pos, 1, what)[0] + 192;
            else if (first == 255)
                length = BigEndian(Take(data, ref pos, 4, what));
            else
            {
                // Partial body length: a power-of-two chunk, followed by another length header.
                length = 1L << (first & 0x1F);
                partial = true;
            }
            joined.Write(Take(data, ref pos, length, what));
            if (!partial)
                return joined.ToArray();
        }
    }

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> data, ref int pos, long count, string what)
    {
        if (count < 0 || count > data.Length - pos)
            throw new PgpFormatException($"The {what} is truncated: a packet needs {count} more bytes at offset {pos}, only {data.Length - pos} remain.");
        var slice = data.Slice(pos, (int)count);
        pos += (int)count;
        return slice;
    }

    private static long BigEndian(ReadOnlySpan<byte> bytes)
    {
        long value = 0;
        foreach (var b in bytes)
            value = (value << 8) | b;
        return value;
    }
}
