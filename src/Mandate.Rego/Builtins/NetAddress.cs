using System.Globalization;
using System.Text;

namespace Mandate.Rego.Builtins;

/// <summary>
/// An IP address as Go's <c>net.IP</c> behaves: IPv4 and IPv4-mapped IPv6 (::ffff:a.b.c.d) are the same
/// 32-bit address, everything else is a 128-bit IPv6 address. Parsing is as strict as Go's
/// <c>netip.ParseAddr</c> (no leading zeros in IPv4 octets, no zones), unlike <see cref="System.Net.IPAddress"/>,
/// which accepts "010.1" and friends.
/// </summary>
internal readonly record struct NetAddress(UInt128 Bits, bool IsV4)
{
    public int BitLength => IsV4 ? 32 : 128;

    public static bool TryParse(string text, out NetAddress address)
    {
        address = default;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (!TryParseV6(text, out var bits))
            {
                return false;
            }
            // Go's To4(): an IPv4-mapped address is an IPv4 address everywhere the builtins look.
            address = (bits >> 32) == 0xFFFF ? new NetAddress(bits & 0xFFFF_FFFF, true) : new NetAddress(bits, false);
            return true;
        }
        if (!TryParseV4(text, out var v4))
        {
            return false;
        }
        address = new NetAddress(v4, true);
        return true;
    }

    /// <summary>Parses "a.b.c.d" and tells whether the text was IPv4 syntax (ParseCIDR's mask width depends on it).</summary>
    public static bool TryParseWithSyntax(string text, out NetAddress address, out bool v4Syntax)
    {
        v4Syntax = !text.Contains(':', StringComparison.Ordinal);
        if (!v4Syntax && TryParseV6(text, out var bits))
        {
            address = new NetAddress(bits, false);
            return true;
        }
        return TryParse(text, out address);
    }

    private static bool TryParseV4(ReadOnlySpan<char> text, out UInt128 bits)
    {
        bits = 0;
        var fields = 0;
        var i = 0;
        while (true)
        {
            var start = i;
            var value = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                value = value * 10 + (text[i] - '0');
                if (value > 255)
                {
                    return false;
                }
                i++;
            }
            var digits = i - start;
            if (digits == 0 || (digits > 1 && text[start] == '0'))
            {
                return false;
            }
            bits = (bits << 8) | (uint)value;
            fields++;
            if (i == text.Length)
            {
                return fields == 4;
            }
            if (text[i] != '.' || fields == 4)
            {
                return false;
            }
            i++;
        }
    }

    private static bool TryParseV6(string text, out UInt128 bits)
    {
        bits = 0;
        if (text.Contains('%', StringComparison.Ordinal))
        {
            return false; // zones are rejected by net.ParseIP and net.ParseCIDR
        }
        var groups = new List<ushort>(8);
        var ellipsisAt = -1;
        var s = text.AsSpan();
        if (s.StartsWith("::"))
        {
            ellipsisAt = 0;
            s = s[2..];
            if (s.Length == 0)
            {
                return true;
            }
        }
        while (true)
        {
            var hexLength = 0;
            var value = 0;
            while (hexLength < s.Length && hexLength < 5 && char.IsAsciiHexDigit(s[hexLength]))
            {
                value = (value << 4) | HexValue(s[hexLength]);
                hexLength++;
            }
            if (hexLength < s.Length && s[hexLength] == '.')
            {
                // Embedded IPv4 in the last 32 bits.
                if (groups.Count > 6 || !TryParseV4(s, out var v4))
                {
                    return false;
                }
                groups.Add((ushort)(v4 >> 16));
                groups.Add((ushort)(v4 & 0xFFFF));
                s = [];
                break;
            }
            if (hexLength == 0 || hexLength > 4)
            {
                return false;
            }
            groups.Add((ushort)value);
            s = s[hexLength..];
            if (s.Length == 0)
            {
                break;
            }
            if (s[0] != ':' || s.Length == 1)
            {
                return false;
            }
            s = s[1..];
            if (s[0] == ':')
            {
                if (ellipsisAt >= 0)
                {
                    return false;
                }
                ellipsisAt = groups.Count;
                s = s[1..];
                if (s.Length == 0)
                {
                    break;
                }
            }
            if (groups.Count >= 8)
            {
                return false;
            }
        }
        if (groups.Count > 8 || (ellipsisAt < 0 && groups.Count != 8) || (ellipsisAt >= 0 && groups.Count > 7))
        {
            return false;
        }
        if (ellipsisAt >= 0)
        {
            groups.InsertRange(ellipsisAt, new ushort[8 - groups.Count]);
        }
        foreach (var group in groups)
        {
            bits = (bits << 16) | group;
        }
        return true;
    }

    private static int HexValue(char ch) => ch <= '9' ? ch - '0' : (ch | 0x20) - 'a' + 10;

    /// <summary>Go's <c>net.IP.String</c>: dotted quad for IPv4, RFC 5952 text for IPv6.</summary>
    public override string ToString()
    {
        if (IsV4)
        {
            var v = (uint)Bits;
            return string.Create(CultureInfo.InvariantCulture, $"{v >> 24}.{(v >> 16) & 0xFF}.{(v >> 8) & 0xFF}.{v & 0xFF}");
        }
        Span<ushort> groups = stackalloc ushort[8];
        for (var i = 0; i < 8; i++)
        {
            groups[i] = (ushort)(Bits >> (112 - 16 * i));
        }
        // The longest run of two or more zero groups (the first one on ties) becomes "::".
        int bestStart = -1, bestLength = 0;
        for (var i = 0; i < 8;)
        {
            if (groups[i] != 0)
            {
                i++;
                continue;
            }
            var j = i;
            while (j < 8 && groups[j] == 0) j++;
            if (j - i > bestLength && j - i >= 2)
            {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        var builder = new StringBuilder(39);
        for (var i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                builder.Append("::");
                i += bestLength - 1;
                continue;
            }
            if (i > 0 && builder.Length > 0 && builder[^1] != ':')
            {
                builder.Append(':');
            }
            builder.Append(groups[i].ToString("x", CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }
}
