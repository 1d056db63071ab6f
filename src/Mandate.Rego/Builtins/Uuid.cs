using System.Buffers.Binary;
using System.Globalization;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>uuid.rfc4122 (random version 4, stable per operand within a query) and uuid.parse.</summary>
internal static class Uuid
{
    /// <summary>UUID time counts 100 ns intervals since 1582-10-15; this is the Unix epoch in those units.</summary>
    private const long GregorianToUnix100Ns = 122_192_928_000_000_000;

    [RegoBuiltin("uuid.rfc4122", Nondeterministic = true)]
    public static RegoValue Rfc4122(BuiltinContext ctx, RegoValue seed)
    {
        string key = "uuid.rfc4122\0" + RegoText.Format(seed);
        if (ctx.Cache.TryGetValue(key, out object? cached)) return (RegoValue)cached;
        byte[] b = new byte[16];
        ctx.Random.NextBytes(b);
        b[8] = (byte)((b[8] & 0x3F) | 0x80);
        b[6] = (byte)((b[6] & 0x0F) | 0x40);
        string hex = Convert.ToHexStringLower(b);
        RegoValue result = RegoString.From($"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}");
        ctx.Cache[key] = result;
        return result;
    }

    /// <summary>
    /// Version and variant for every UUID; time, clock sequence and node fields for versions 1 and 2, and
    /// the DCE domain and id for version 2. Undefined when the text is not a UUID.
    /// </summary>
    [RegoBuiltin("uuid.parse")]
    public static RegoValue? Parse(RegoValue s)
    {
        string text = Operands.String(s, 1);
        if (!TryParseBytes(text, out byte[] b)) return null;
        int version = b[6] >> 4;
        var fields = new RegoObject.Builder();
        fields.Set("version", RegoNumber.From(version));
        fields.Set("variant", RegoString.From(Variant(b[8])));
        if (version is 1 or 2)
        {
            long time = BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(0, 4))
                | (long)BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(4, 2)) << 32
                | (long)(BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(6, 2)) & 0xFFF) << 48;
            long since = time - GregorianToUnix100Ns;
            long nanos = (since / 10_000_000) * 1_000_000_000 + (since % 10_000_000) * 100;
            fields.Set("time", RegoNumber.From(nanos));
            fields.Set("clocksequence", RegoNumber.From(BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(8, 2)) & 0x3FFF));
            fields.Set("nodeid", RegoString.From(string.Join('-', b[10..16].Select(x => x.ToString("x2", CultureInfo.InvariantCulture)))));
            fields.Set("macvariables", RegoString.From(MacVariables(b[10])));
            if (version == 2)
            {
                fields.Set("id", RegoNumber.From(BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(0, 4))));
                fields.Set("domain", RegoString.From(b[9] switch
                {
                    0 => "Person",
                    1 => "Group",
                    2 => "Org",
                    _ => "Domain" + b[9].ToString(CultureInfo.InvariantCulture),
                }));
            }
        }
        return fields.Build();
    }

    private static string Variant(byte b) => b switch
    {
        _ when (b & 0xC0) == 0x80 => "RFC4122",
        _ when (b & 0xE0) == 0xC0 => "Microsoft",
        _ when (b & 0xE0) == 0xE0 => "Future",
        _ => "Reserved",
    };

    private static string MacVariables(byte first) => (first & 0b11) switch
    {
        0b11 => "local:multicast",
        0b01 => "global:multicast",
        0b10 => "local:unicast",
        _ => "global:unicast",
    };

    /// <summary>
    /// The forms google/uuid accepts: 36 characters with dashes, with a case-insensitive "urn:uuid:" prefix,
    /// wrapped in any two characters (38, e.g. braces), or 32 hex digits.
    /// </summary>
    internal static bool TryParseBytes(string s, out byte[] bytes)
    {
        bytes = new byte[16];
        string hex;
        switch (s.Length)
        {
            case 36 + 9:
                if (!s.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase)) return false;
                s = s[9..];
                goto case 36;
            case 36 + 2:
                s = s[1..37];
                goto case 36;
            case 36:
                if (s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-') return false;
                hex = s.Remove(23, 1).Remove(18, 1).Remove(13, 1).Remove(8, 1);
                break;
            case 32:
                hex = s;
                break;
            default:
                return false;
        }
        for (int i = 0; i < 16; i++)
        {
            if (!byte.TryParse(hex.AsSpan(i * 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return false;
            }
        }
        return true;
    }
}
