using System.Globalization;
using System.Numerics;
using System.Text;

namespace Mandate.Rego.Builtins.Go;

// Per-type verb handling, following the rules of Go's fmt package for int, *big.Int, float64 and string.
internal static partial class GoFormat
{
    private static void FormatInt(StringBuilder sb, Spec spec, long value)
    {
        switch (spec.Verb)
        {
            case 'v':
            case 'd':
                FormatInteger(sb, spec, value, 10, false);
                return;
            case 'b':
                FormatInteger(sb, spec, value, 2, false);
                return;
            case 'o':
            case 'O':
                FormatInteger(sb, spec, value, 8, false);
                return;
            case 'x':
                FormatInteger(sb, spec, value, 16, false);
                return;
            case 'X':
                FormatInteger(sb, spec, value, 16, true);
                return;
            case 'c':
                Pad(sb, spec, RuneText(value));
                return;
            case 'q':
                Pad(sb, spec, GoQuote.QuoteRune(ValidRune(value), spec.Plus));
                return;
            case 'U':
                FormatUnicode(sb, spec, value);
                return;
            default:
                BadVerb(sb, spec.Verb, "int", value);
                return;
        }
    }

    /// <summary>Go's fmtInteger: precision or the '0' flag give leading zeros; '#' adds the base prefix.</summary>
    private static void FormatInteger(StringBuilder sb, Spec spec, BigInteger value, int numberBase, bool upper)
    {
        bool negative = value.Sign < 0;
        string digits = ToBase(BigInteger.Abs(value), numberBase, upper);
        int prec = spec.Precision;
        if (prec >= 0)
        {
            if (prec == 0 && value.IsZero) digits = string.Empty;
        }
        else if (spec.Zero && spec.Width >= 0 && !spec.Minus)
        {
            // "%05d" reserves one column for a sign, as Go does.
            prec = spec.Width;
            if (negative || spec.Plus || spec.Space) prec--;
        }
        if (prec > digits.Length) digits = new string('0', prec - digits.Length) + digits;

        string prefix = string.Empty;
        if (spec.Sharp)
        {
            prefix = numberBase switch
            {
                2 => "0b",
                8 when digits.Length == 0 || digits[0] != '0' => "0",
                16 => upper ? "0X" : "0x",
                _ => string.Empty,
            };
        }
        if (spec.Verb == 'O') prefix = "0o";

        string sign = negative ? "-" : spec.Plus ? "+" : spec.Space ? " " : string.Empty;
        Pad(sb, spec, sign + prefix + digits);
    }

    private static void FormatBigInt(StringBuilder sb, Spec spec, BigInteger value)
    {
        int numberBase;
        bool upper = false;
        string prefix = string.Empty;
        switch (spec.Verb)
        {
            case 'd':
            case 's':
            case 'v':
                numberBase = 10;
                break;
            case 'b':
                numberBase = 2;
                if (spec.Sharp) prefix = "0b";
                break;
            case 'o':
                numberBase = 8;
                if (spec.Sharp) prefix = "0";
                break;
            case 'O':
                numberBase = 8;
                prefix = "0o";
                break;
            case 'x':
                numberBase = 16;
                if (spec.Sharp) prefix = "0x";
                break;
            case 'X':
                numberBase = 16;
                upper = true;
                if (spec.Sharp) prefix = "0X";
                break;
            default:
                // big.Int writes its own complaint, naming the type without the pointer star.
                sb.Append("%!").Append(char.ConvertFromUtf32(spec.Verb)).Append("(big.Int=")
                    .Append(value.ToString(CultureInfo.InvariantCulture)).Append(')');
                return;
        }

        string digits = ToBase(BigInteger.Abs(value), numberBase, upper);
        if (spec.Precision >= 0)
        {
            if (spec.Precision == 0 && value.IsZero) digits = string.Empty;
            else if (spec.Precision > digits.Length) digits = new string('0', spec.Precision - digits.Length) + digits;
        }
        string sign = value.Sign < 0 ? "-" : spec.Plus ? "+" : spec.Space ? " " : string.Empty;
        PadNumber(sb, spec, sign + prefix, digits, spec.Precision < 0);
    }

    private static void FormatFloat(StringBuilder sb, Spec spec, double value)
    {
        char fmt;
        int prec = spec.Precision;
        switch (spec.Verb)
        {
            case 'v':
                fmt = 'g';
                prec = -1;
                break;
            case 'e':
            case 'E':
            case 'f':
            case 'g':
            case 'G':
                fmt = (char)spec.Verb;
                if (prec < 0 && fmt is 'e' or 'E' or 'f') prec = 6;
                break;
            case 'F':
                fmt = 'f';
                if (prec < 0) prec = 6;
                break;
            default:
                BadVerb(sb, spec.Verb, "float64", value);
                return;
        }

        string num = GoFloat.Format(value, fmt, prec);
        string sign;
        string body;
        if (num[0] == '-')
        {
            sign = "-";
            body = num[1..];
        }
        else
        {
            sign = spec.Plus ? "+" : spec.Space ? " " : string.Empty;
            body = num;
        }

        if (double.IsInfinity(value) || double.IsNaN(value))
        {
            if (double.IsNaN(value) && !spec.Plus && !spec.Space) sign = string.Empty;
            else if (double.IsNaN(value)) sign = spec.Plus ? "+" : " ";
            Pad(sb, spec, sign + body);
            return;
        }
        PadNumber(sb, spec, sign, body, zeroAllowed: true);
    }

    private static void FormatString(StringBuilder sb, Spec spec, string value)
    {
        switch (spec.Verb)
        {
            case 's':
            case 'v':
                string s = spec.Precision >= 0 ? TruncateRunes(value, spec.Precision) : value;
                PadNumber(sb, spec, string.Empty, s, zeroAllowed: true);
                return;
            case 'q':
                string q = spec.Sharp && GoQuote.CanBackquote(value)
                    ? "`" + value + "`"
                    : GoQuote.Quote(value, asciiOnly: spec.Plus);
                Pad(sb, spec, q);
                return;
            case 'x':
            case 'X':
                Pad(sb, spec, HexBytes(spec, Encoding.UTF8.GetBytes(value), spec.Verb == 'X'));
                return;
            default:
                BadVerb(sb, spec.Verb, "string", value);
                return;
        }
    }

    private static string HexBytes(Spec spec, byte[] bytes, bool upper)
    {
        int n = spec.Precision >= 0 ? Math.Min(spec.Precision, bytes.Length) : bytes.Length;
        var sb = new StringBuilder(n * 3);
        string digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
        for (int i = 0; i < n; i++)
        {
            if (spec.Space && i > 0) sb.Append(' ');
            if (spec.Sharp && (spec.Space || i == 0)) sb.Append(upper ? "0X" : "0x");
            sb.Append(digits[bytes[i] >> 4]).Append(digits[bytes[i] & 0xF]);
        }
        return sb.ToString();
    }

    private static void FormatUnicode(StringBuilder sb, Spec spec, long value)
    {
        string hex = value < 0
            ? unchecked((ulong)value).ToString("X", CultureInfo.InvariantCulture)
            : value.ToString("X", CultureInfo.InvariantCulture);
        int minDigits = spec.Precision > 4 ? spec.Precision : 4;
        var text = "U+" + hex.PadLeft(minDigits, '0');
        if (spec.Sharp && value is >= 0 and <= 0x10FFFF && GoQuote.IsPrint((int)value))
        {
            text += " '" + char.ConvertFromUtf32((int)value) + "'";
        }
        Pad(sb, spec, text);
    }

    private static int ValidRune(long value) =>
        value is < 0 or > 0x10FFFF or (>= 0xD800 and <= 0xDFFF) ? 0xFFFD : (int)value;

    private static string RuneText(long value) => char.ConvertFromUtf32(ValidRune(value));

    private static string TruncateRunes(string s, int runes)
    {
        int i = 0;
        for (int n = 0; n < runes && i < s.Length; n++)
        {
            i += char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;
        }
        return s[..i];
    }

    internal static string ToBase(BigInteger magnitude, int numberBase, bool upper)
    {
        if (numberBase == 10) return magnitude.ToString(CultureInfo.InvariantCulture);
        if (magnitude.IsZero) return "0";
        string digitChars = upper ? "0123456789ABCDEF" : "0123456789abcdef";
        var chars = new List<char>();
        while (!magnitude.IsZero)
        {
            magnitude = BigInteger.DivRem(magnitude, numberBase, out BigInteger rem);
            chars.Add(digitChars[(int)rem]);
        }
        chars.Reverse();
        return new string(chars.ToArray());
    }
}
