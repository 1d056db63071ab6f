using System.Globalization;
using System.Numerics;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>
/// units.parse (SI and binary suffixes, case-sensitive "m" vs "M") and units.parse_bytes (case-insensitive
/// byte units, truncated to an integer). Amounts are read exactly as rationals, so "0.001" times 1000 is 1.
/// </summary>
internal static class Units
{
    /// <summary>Exponents longer than this many digits are refused, as OPA does.</summary>
    private const int MaxExponentDigits = 6;

    /// <summary>
    /// Beyond OPA: a decimal exponent above this would build an integer of that many digits; it is refused
    /// as "exponent too large" rather than spending the time and memory.
    /// </summary>
    private const int MaxExponent = 10_000;

    private static readonly BigInteger Ki = BigInteger.One << 10;

    [RegoBuiltin("units.parse")]
    public static RegoValue Parse(RegoValue x)
    {
        const string name = "units.parse";
        string s = Operands.String(x, 1).Replace("\"", string.Empty, StringComparison.Ordinal);
        if (s.Contains(' ', StringComparison.Ordinal)) throw Fail(name, "spaces not allowed in resource strings");
        (string num, string unit) = SplitNumberAndUnit(s, name);
        if (num.Length == 0) throw Fail(name, "no amount provided");
        // Only letters after the first are lowercased, so "m" (milli) and "M" (mega) stay apart.
        if (unit.Length > 1) unit = unit[..1] + unit[1..].ToLowerInvariant();
        (BigInteger mulNum, BigInteger mulDen) = unit switch
        {
            "m" => (BigInteger.One, new BigInteger(1000)),
            "" => (BigInteger.One, BigInteger.One),
            "k" or "K" => (Pow10(3), BigInteger.One),
            "ki" or "Ki" => (Ki, BigInteger.One),
            "M" => (Pow10(6), BigInteger.One),
            "mi" or "Mi" => (BigInteger.Pow(Ki, 2), BigInteger.One),
            "g" or "G" => (Pow10(9), BigInteger.One),
            "gi" or "Gi" => (BigInteger.Pow(Ki, 3), BigInteger.One),
            "t" or "T" => (Pow10(12), BigInteger.One),
            "ti" or "Ti" => (BigInteger.Pow(Ki, 4), BigInteger.One),
            "p" or "P" => (Pow10(15), BigInteger.One),
            "pi" or "Pi" => (BigInteger.Pow(Ki, 5), BigInteger.One),
            "e" or "E" => (Pow10(18), BigInteger.One),
            "ei" or "Ei" => (BigInteger.Pow(Ki, 6), BigInteger.One),
            _ => throw Fail(name, $"unit {unit} not recognized"),
        };
        if (!TryParseRational(num, out BigInteger n, out BigInteger d))
        {
            throw Fail(name, "could not parse amount to a number");
        }
        n *= mulNum;
        d *= mulDen;
        BigInteger g = BigInteger.GreatestCommonDivisor(n, d);
        if (!g.IsZero && !g.IsOne)
        {
            n /= g;
            d /= g;
        }
        if (d.IsOne) return RegoNumber.From(n);
        // Like big.Rat.FloatString(10): ten decimals, the last rounded half away from zero.
        return RegoNumber.Parse(FloatString(n, d, 10));
    }

    [RegoBuiltin("units.parse_bytes")]
    public static RegoValue ParseBytes(RegoValue x)
    {
        const string name = "units.parse_bytes";
        string s = Operands.String(x, 1).ToLowerInvariant().Replace("\"", string.Empty, StringComparison.Ordinal);
        if (s.Contains(' ', StringComparison.Ordinal)) throw Fail(name, "spaces not allowed in resource strings");
        (string num, string unit) = SplitNumberAndUnit(s, name);
        if (num.Length == 0) throw Fail(name, "no byte amount provided");
        BigInteger multiplier = unit switch
        {
            "" => BigInteger.One,
            "kb" or "k" => Pow10(3),
            "kib" or "ki" => Ki,
            "mb" or "m" => Pow10(6),
            "mib" or "mi" => BigInteger.Pow(Ki, 2),
            "gb" or "g" => Pow10(9),
            "gib" or "gi" => BigInteger.Pow(Ki, 3),
            "tb" or "t" => Pow10(12),
            "tib" or "ti" => BigInteger.Pow(Ki, 4),
            "pb" or "p" => Pow10(15),
            "pib" or "pi" => BigInteger.Pow(Ki, 5),
            "eb" or "e" => Pow10(18),
            "eib" or "ei" => BigInteger.Pow(Ki, 6),
            _ => throw Fail(name, $"byte unit {unit} not recognized"),
        };
        if (!TryParseRational(num, out BigInteger n, out BigInteger d))
        {
            throw Fail(name, "could not parse byte amount to a number");
        }
        // Truncated toward zero, as big.Float.Int does.
        return RegoNumber.From(BigInteger.Divide(n * multiplier, d));
    }

    private static BuiltinException Fail(string name, string message) => new($"{name}: {message}");

    private static BigInteger Pow10(int e) => BigInteger.Pow(10, e);

    /// <summary>
    /// Splits "10.5e3KiB" into the amount and the unit: the amount runs over digits, '.', signs, and an
    /// 'e' only when a digit or sign follows it.
    /// </summary>
    private static (string Number, string Unit) SplitNumberAndUnit(string s, string name)
    {
        int firstNonNum = -1;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            bool numeric = char.IsDigit(c) || c is '.' or '+' or '-';
            if (!numeric && c is not ('e' or 'E'))
            {
                firstNonNum = i;
                break;
            }
            if (c is 'e' or 'E')
            {
                if (i == s.Length - 1 || !(char.IsDigit(s[i + 1]) || s[i + 1] is '+' or '-'))
                {
                    firstNonNum = i;
                    break;
                }
                if (s[i + 1] is '+' or '-') i++;
                int expStart = i + 1;
                int expEnd = expStart;
                while (expEnd < s.Length && char.IsDigit(s[expEnd])) expEnd++;
                if (expEnd - expStart > MaxExponentDigits) throw Fail(name, "exponent too large");
            }
        }
        return firstNonNum switch
        {
            -1 => (s, string.Empty),
            0 => (string.Empty, s),
            _ => (s[..firstNonNum], s[firstNonNum..]),
        };
    }

    /// <summary>Reads [sign] digits [. digits] [e [sign] digits] exactly as numerator/denominator.</summary>
    internal static bool TryParseRational(string text, out BigInteger numerator, out BigInteger denominator)
    {
        numerator = BigInteger.Zero;
        denominator = BigInteger.One;
        int i = 0;
        bool negative = false;
        if (i < text.Length && text[i] is '+' or '-')
        {
            negative = text[i] == '-';
            i++;
        }
        int digits = 0;
        int fraction = 0;
        bool dot = false;
        var mantissa = new System.Text.StringBuilder();
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsAsciiDigit(c))
            {
                mantissa.Append(c);
                digits++;
                if (dot) fraction++;
            }
            else if (c == '.' && !dot)
            {
                dot = true;
            }
            else
            {
                break;
            }
        }
        if (digits == 0) return false;
        int exponent = 0;
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (!int.TryParse(text.AsSpan(i), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent)
                || Math.Abs(exponent) > MaxExponent)
            {
                return false;
            }
            i = text.Length;
        }
        if (i != text.Length) return false;
        numerator = BigInteger.Parse(mantissa.ToString(), CultureInfo.InvariantCulture);
        if (negative) numerator = -numerator;
        int scale = exponent - fraction;
        if (scale >= 0) numerator *= Pow10(scale);
        else denominator = Pow10(-scale);
        return true;
    }

    private static string FloatString(BigInteger n, BigInteger d, int decimals)
    {
        bool negative = n.Sign < 0;
        BigInteger q = BigInteger.DivRem(BigInteger.Abs(n), d, out BigInteger r);
        BigInteger scale = Pow10(decimals);
        BigInteger frac = BigInteger.DivRem(r * scale, d, out BigInteger r2);
        if (r2 * 2 >= d)
        {
            frac++;
            if (frac == scale)
            {
                q++;
                frac = 0;
            }
        }
        string text = q.ToString(CultureInfo.InvariantCulture) + "."
            + frac.ToString(CultureInfo.InvariantCulture).PadLeft(decimals, '0');
        return negative ? "-" + text : text;
    }
}
