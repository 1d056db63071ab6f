using System.Text;

namespace Mandate.Providers.Registry.OpenPgp;

/// <summary>
/// OpenPGP ASCII armor (RFC 4880 §6, RFC 9580 §6): <c>-----BEGIN PGP …-----</c>, optional headers, a blank
/// line, base64 data, an optional <c>=</c>CRC-24 line, and the matching END line. Data that does not start
/// with an armor line is taken as binary, since registries serve both forms of signatures.
/// </summary>
internal static class AsciiArmor
{
    private const string BeginPrefix = "-----BEGIN PGP ";
    private const int Crc24Init = 0xB704CE;
    private const int Crc24Poly = 0x1864CFB;

    /// <summary>True when <paramref name="data"/> (after leading whitespace) starts with an armor header line.</summary>
    public static bool LooksArmored(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length && data[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            i++;
        return data[i..].StartsWith("-----BEGIN "u8);
    }

    /// <summary>The binary packets of armored or binary input.</summary>
    public static byte[] DecodeIfArmored(ReadOnlySpan<byte> data, string what) =>
        LooksArmored(data) ? Decode(Encoding.ASCII.GetString(data), what) : data.ToArray();

    /// <summary>Decodes the first armored block in <paramref name="text"/>, checking its CRC-24 when present.</summary>
    /// <param name="text">The armored text.</param>
    /// <param name="what">What the data is (for messages), e.g. "public key of HashiCorp".</param>
    public static byte[] Decode(string text, string what)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var i = Array.FindIndex(lines, l => l.TrimEnd().StartsWith(BeginPrefix, StringComparison.Ordinal) && l.TrimEnd().EndsWith("-----", StringComparison.Ordinal));
        if (i < 0)
            throw new PgpFormatException($"The {what} is not ASCII-armored OpenPGP data: no \"{BeginPrefix}…-----\" line.");
        var label = lines[i].Trim()["-----BEGIN ".Length..^5];
        var end = $"-----END {label}-----";
        i++;
        // Armor headers ("Version: …", "Comment: …") run up to the first blank line.
        var headerStart = i;
        while (i < lines.Length && lines[i].Trim().Length > 0 && lines[i].Contains(':', StringComparison.Ordinal))
            i++;
        if (i < lines.Length && lines[i].Trim().Length == 0)
            i++;
        else
            i = headerStart; // Some producers omit the blank line when there are no headers.
        var body = new StringBuilder();
        string? crcLine = null;
        for (; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line == end)
                return Finish(body.ToString(), crcLine, what, label);
            if (line.StartsWith('=') && line.Length == 5)
                crcLine = line[1..];
            else if (line.Length > 0)
                body.Append(line);
        }
        throw new PgpFormatException($"The {what} is truncated: the \"{end}\" line is missing.");
    }

    private static byte[] Finish(string base64, string? crcLine, string what, string label)
    {
        byte[] data;
        try
        {
            data = Convert.FromBase64String(base64);
        }
        catch (FormatException ex)
        {
            throw new PgpFormatException($"The {what} ({label}) has invalid base64 in its armored body.", ex);
        }
        if (crcLine is not null)
        {
            byte[] expected;
            try
            {
                expected = Convert.FromBase64String(crcLine);
            }
            catch (FormatException ex)
            {
                throw new PgpFormatException($"The {what} ({label}) has an invalid armor checksum line \"={crcLine}\".", ex);
            }
            var actual = Crc24(data);
            if (expected.Length != 3 || ((expected[0] << 16) | (expected[1] << 8) | expected[2]) != actual)
            {
                throw new PgpFormatException(
                    $"The {what} ({label}) is corrupt: its armor checksum ={crcLine} does not match the data (CRC-24 {actual:X6}).");
            }
        }
        return data;
    }

    /// <summary>The CRC-24 of RFC 4880 §6.1.</summary>
    public static int Crc24(ReadOnlySpan<byte> data)
    {
        var crc = Crc24Init;
        foreach (var b in data)
        {
            crc ^= b << 16;
            for (var bit = 0; bit < 8; bit++)
            {
                crc <<= 1;
                if ((crc & 0x1000000) != 0)
                    crc ^= Crc24Poly;
            }
        }
        return crc & 0xFFFFFF;
    }
}
