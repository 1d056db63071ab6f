using System.Globalization;
using System.Numerics;
using System.Text;

namespace Mandate.Rego.Builtins.Go;

/// <summary>
/// Go's <c>strconv.FormatFloat</c> for the 'e', 'E', 'f', 'g' and 'G' formats. .NET's own formatting differs
/// in ways policies can see (three-digit exponents, rounding ties away from zero), so digits are produced
/// here: the shortest round-trip digits when precision is -1, else the exact binary value rounded half to
/// even, as Go rounds.
/// </summary>
internal static class GoFloat
{
    public static string Format(double value, char fmt, int prec)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "+Inf";
        if (double.IsNegativeInfinity(value)) return "-Inf";

        bool negative = value < 0 || (value == 0 && double.IsNegative(value));
        double abs = Math.Abs(value);
        bool shortest = prec < 0;

        Digits digits;
        if (shortest)
        {
            digits = ShortestDigits(abs);
            prec = fmt switch
            {
                'e' or 'E' => digits.Count - 1,
                'f' => Math.Max(digits.Count - digits.PointPosition, 0),
                _ => digits.Count,
            };
        }
        else
        {
            Digits exact = ExactDigits(abs);
            digits = fmt switch
            {
                'e' or 'E' => exact.RoundTo(prec + 1),
                'f' => exact.RoundTo(exact.PointPosition + prec),
                _ => exact.RoundTo(prec == 0 ? 1 : prec),
            };
            if (fmt is 'g' or 'G' && prec == 0) prec = 1;
        }

        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        switch (fmt)
        {
            case 'e':
            case 'E':
                AppendE(sb, digits, prec, fmt);
                break;
            case 'f':
                AppendF(sb, digits, prec);
                break;
            default:
                int eprec = prec;
                if (eprec > digits.Count && digits.Count >= digits.PointPosition) eprec = digits.Count;
                if (shortest) eprec = 6;
                int exp = digits.PointPosition - 1;
                if (exp < -4 || exp >= eprec)
                {
                    if (prec > digits.Count) prec = digits.Count;
                    AppendE(sb, digits, prec - 1, fmt == 'g' ? 'e' : 'E');
                }
                else
                {
                    if (prec > digits.PointPosition) prec = digits.Count;
                    AppendF(sb, digits, Math.Max(prec - digits.PointPosition, 0));
                }
                break;
        }
        return sb.ToString();
    }

    private static void AppendE(StringBuilder sb, Digits d, int prec, char e)
    {
        sb.Append(d.Count == 0 ? '0' : d.Text[0]);
        if (prec > 0)
        {
            sb.Append('.');
            for (int i = 1; i <= prec; i++) sb.Append(i < d.Count ? d.Text[i] : '0');
        }
        int exp = d.Count == 0 ? 0 : d.PointPosition - 1;
        sb.Append(e).Append(exp < 0 ? '-' : '+');
        exp = Math.Abs(exp);
        if (exp < 10) sb.Append('0');
        sb.Append(exp.ToString(CultureInfo.InvariantCulture));
    }

    private static void AppendF(StringBuilder sb, Digits d, int prec)
    {
        if (d.PointPosition > 0)
        {
            for (int i = 0; i < d.PointPosition; i++) sb.Append(i < d.Count ? d.Text[i] : '0');
        }
        else
        {
            sb.Append('0');
        }
        if (prec > 0)
        {
            sb.Append('.');
            for (int i = 0; i < prec; i++)
            {
                int j = d.PointPosition + i;
                sb.Append(j >= 0 && j < d.Count ? d.Text[j] : '0');
            }
        }
    }

    /// <summary>Shortest digits that read back as the same double (what Go's precision -1 gives).</summary>
    private static Digits ShortestDigits(double abs)
    {
        if (abs == 0) return new Digits(string.Empty, 0);
        string shortest = abs.ToString("R", CultureInfo.InvariantCulture);
        // "R" yields forms like "123.45", "1E+16" or "1.5E-07"; normalise to digits and a point position.
        int ePos = shortest.IndexOfAny(['E', 'e']);
        int exp10 = 0;
        string mantissa = shortest;
        if (ePos >= 0)
        {
            exp10 = int.Parse(shortest.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = shortest[..ePos];
        }
        int dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        string intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        string fracPart = dot >= 0 ? mantissa[(dot + 1)..] : string.Empty;
        string all = intPart + fracPart;
        int point = intPart.Length + exp10;
        int lead = 0;
        while (lead < all.Length - 1 && all[lead] == '0') lead++;
        all = all[lead..];
        point -= lead;
        return new Digits(all.TrimEnd('0'), point);
    }

    /// <summary>The exact decimal expansion of a finite double (at most ~770 digits).</summary>
    internal static Digits ExactDigits(double abs)
    {
        if (abs == 0) return new Digits(string.Empty, 0);
        long bits = BitConverter.DoubleToInt64Bits(abs);
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0) exponent++;
        else mantissa |= 1L << 52;
        exponent -= 1075;

        BigInteger numerator = mantissa;
        int point;
        string text;
        if (exponent >= 0)
        {
            numerator <<= exponent;
            text = numerator.ToString(CultureInfo.InvariantCulture);
            point = text.Length;
        }
        else
        {
            // mantissa / 2^k == mantissa * 5^k / 10^k
            int k = -exponent;
            numerator *= BigInteger.Pow(5, k);
            text = numerator.ToString(CultureInfo.InvariantCulture);
            point = text.Length - k;
        }
        return new Digits(text.TrimEnd('0'), point);
    }

    /// <summary>A decimal mantissa "d1d2d3…" with the decimal point after <see cref="PointPosition"/> digits.</summary>
    internal readonly record struct Digits(string Text, int PointPosition)
    {
        public int Count => Text.Length;

        /// <summary>Rounds to <paramref name="n"/> significant digits, ties to even (Go's decimal rounding).</summary>
        public Digits RoundTo(int n)
        {
            if (n < 0) return new Digits(string.Empty, PointPosition);
            if (n >= Count) return this;
            bool roundUp;
            if (Text[n] > '5') roundUp = true;
            else if (Text[n] < '5') roundUp = false;
            else if (n + 1 < Count) roundUp = true; // more non-zero digits follow (Text has no trailing zeros)
            else roundUp = n > 0 && (Text[n - 1] - '0') % 2 == 1;

            if (!roundUp) return new Digits(Text[..n].TrimEnd('0'), PointPosition);
            char[] chars = Text[..n].ToCharArray();
            int i = n - 1;
            while (i >= 0 && chars[i] == '9') i--;
            if (i < 0) return new Digits("1", PointPosition + 1);
            chars[i]++;
            return new Digits(new string(chars, 0, i + 1), PointPosition);
        }
    }
}
