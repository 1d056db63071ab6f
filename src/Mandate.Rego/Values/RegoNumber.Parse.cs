using System.Globalization;
using System.Numerics;

namespace Mandate.Rego.Values;

public sealed partial class RegoNumber
{
    /// <summary>Largest decimal exponent expanded into an exact integer; beyond it a double is used.</summary>
    private const int MaxExactExponent = 400;

    /// <summary>Parses JSON/Rego number text (<c>12</c>, <c>-1.5</c>, <c>1e12</c>, <c>2.5E-3</c>).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out RegoNumber value)
    {
        value = Zero;
        if (text.IsEmpty)
        {
            return false;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            value = From(l);
            return true;
        }

        var expAt = text.IndexOfAny('e', 'E');
        var mantissa = expAt < 0 ? text : text[..expAt];
        var exponent = 0;
        if (expAt >= 0 && !int.TryParse(text[(expAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
        {
            return TryParseDouble(text, out value);
        }

        // Split the mantissa into digits and a scale so the value is digits * 10^(exponent - scale), exactly.
        var negative = mantissa.Length > 0 && mantissa[0] == '-';
        if (mantissa.Length > 0 && (mantissa[0] == '-' || mantissa[0] == '+'))
        {
            mantissa = mantissa[1..];
        }

        var dot = mantissa.IndexOf('.');
        string digitText;
        int scale;
        if (dot < 0)
        {
            digitText = mantissa.ToString();
            scale = 0;
        }
        else
        {
            digitText = string.Concat(mantissa[..dot], mantissa[(dot + 1)..]);
            scale = mantissa.Length - dot - 1;
        }

        if (digitText.Length == 0 || !BigInteger.TryParse(digitText, NumberStyles.None, CultureInfo.InvariantCulture, out var big))
        {
            return false;
        }

        if (negative)
        {
            big = -big;
        }

        var power = exponent - scale;
        if (power >= 0)
        {
            if (power > MaxExactExponent)
            {
                return TryParseDouble(text, out value);
            }

            value = From(big * BigInteger.Pow(10, power));
            return true;
        }

        // A fraction (or an integer written with a fractional part such as 1.0 or 150e-2).
        var divisor = BigInteger.Pow(10, -power);
        var whole = BigInteger.DivRem(big, divisor, out var remainder);
        if (remainder.IsZero)
        {
            value = From(whole);
            return true;
        }

        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d != 0m)
        {
            value = From(d);
            return true;
        }

        return TryParseDouble(text, out value);
    }

    private static bool TryParseDouble(ReadOnlySpan<char> text, out RegoNumber value)
    {
        value = Zero;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
        {
            return false;
        }

        value = From(d);
        return true;
    }

    /// <summary>Parses number text, throwing <see cref="FormatException"/> with the text when it is not one.</summary>
    public static RegoNumber Parse(string text) =>
        TryParse(text, out var n) ? n : throw new FormatException($"'{text}' is not a number (expected JSON number syntax such as 12, -1.5 or 1e3)");
}
