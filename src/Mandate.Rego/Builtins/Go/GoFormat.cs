using System.Globalization;
using System.Numerics;
using System.Text;

namespace Mandate.Rego.Builtins.Go;

/// <summary>
/// Go's <c>fmt.Sprintf</c> for the four argument kinds OPA's <c>sprintf</c> hands it: <see cref="long"/>
/// (Go <c>int</c>), <see cref="BigInteger"/> (Go <c>*big.Int</c>), <see cref="double"/> (Go <c>float64</c>) and
/// <see cref="string"/> (strings, and every other Rego value as its Rego text). Policies compare the output
/// byte for byte, so Go's quirks are kept on purpose: a verb that does not fit its argument renders as
/// <c>%!f(int=1)</c>, a missing argument as <c>%!d(MISSING)</c>, extra ones as <c>%!(EXTRA int=1)</c>.
/// </summary>
internal static partial class GoFormat
{
    /// <summary>Formats <paramref name="args"/> by <paramref name="format"/> exactly as Go's fmt would.</summary>
    /// <param name="maxLength">Upper bound on the output (width/precision can ask for huge padding).</param>
    public static string Sprintf(string format, IReadOnlyList<object> args, int maxLength = int.MaxValue)
    {
        var sb = new StringBuilder(format.Length + 16);
        int argIndex = 0;
        int i = 0;
        while (i < format.Length)
        {
            char c = format[i];
            if (c != '%')
            {
                sb.Append(c);
                i++;
                continue;
            }

            i++;
            var spec = new Spec();
            // Flags come first and may repeat in any order.
            for (; i < format.Length; i++)
            {
                switch (format[i])
                {
                    case '+': spec.Plus = true; continue;
                    case '-': spec.Minus = true; spec.Zero = false; continue;
                    case '#': spec.Sharp = true; continue;
                    case ' ': spec.Space = true; continue;
                    case '0': spec.Zero = !spec.Minus; continue;
                }
                break;
            }

            // Width: digits or '*' taking an int argument (a negative one means left-justify).
            if (i < format.Length && format[i] == '*')
            {
                i++;
                if (!TakeStar(args, ref argIndex, out int w))
                {
                    sb.Append("%!(BADWIDTH)");
                }
                else
                {
                    if (w < 0) { spec.Minus = true; spec.Zero = false; w = -w; }
                    spec.Width = w;
                }
            }
            else
            {
                spec.Width = ParseNumber(format, ref i);
            }

            if (i < format.Length && format[i] == '.')
            {
                i++;
                if (i < format.Length && format[i] == '*')
                {
                    i++;
                    if (!TakeStar(args, ref argIndex, out int p) || p < 0)
                    {
                        sb.Append("%!(BADPREC)");
                    }
                    else
                    {
                        spec.Precision = p;
                    }
                }
                else
                {
                    spec.Precision = Math.Max(ParseNumber(format, ref i), 0);
                }
            }

            if (i >= format.Length)
            {
                sb.Append("%!(NOVERB)");
                break;
            }

            int verb = char.ConvertToUtf32(format, i);
            i += char.IsSurrogatePair(format, i) ? 2 : 1;
            if (verb == '%')
            {
                sb.Append('%');
                continue;
            }

            if (argIndex >= args.Count)
            {
                sb.Append("%!").Append(char.ConvertFromUtf32(verb)).Append("(MISSING)");
                continue;
            }

            spec.Verb = verb;
            FormatArg(sb, spec, args[argIndex++]);
            if (sb.Length > maxLength)
            {
                throw new GoFormatLimitException(maxLength);
            }
        }

        if (argIndex < args.Count)
        {
            sb.Append("%!(EXTRA ");
            for (int k = argIndex; k < args.Count; k++)
            {
                if (k > argIndex) sb.Append(", ");
                sb.Append(TypeName(args[k])).Append('=');
                FormatArg(sb, new Spec { Verb = 'v' }, args[k]);
            }
            sb.Append(')');
        }

        if (sb.Length > maxLength)
        {
            throw new GoFormatLimitException(maxLength);
        }
        return sb.ToString();
    }

    private static bool TakeStar(IReadOnlyList<object> args, ref int argIndex, out int value)
    {
        value = 0;
        if (argIndex >= args.Count) return false;
        object a = args[argIndex++];
        if (a is long l && l is >= -1_000_000 and <= 1_000_000)
        {
            value = (int)l;
            return true;
        }
        return false;
    }

    private static int ParseNumber(string s, ref int i)
    {
        int start = i;
        long n = 0;
        while (i < s.Length && s[i] is >= '0' and <= '9')
        {
            n = Math.Min(n * 10 + (s[i] - '0'), 1_000_000);
            i++;
        }
        return i == start ? -1 : (int)n;
    }

    private static string TypeName(object arg) => arg switch
    {
        long => "int",
        BigInteger => "*big.Int",
        double => "float64",
        _ => "string",
    };

    private static void FormatArg(StringBuilder sb, Spec spec, object arg)
    {
        switch (arg)
        {
            case long l:
                FormatInt(sb, spec, l);
                break;
            case BigInteger b:
                FormatBigInt(sb, spec, b);
                break;
            case double d:
                FormatFloat(sb, spec, d);
                break;
            case string s:
                FormatString(sb, spec, s);
                break;
            default:
                FormatString(sb, spec, arg.ToString() ?? string.Empty);
                break;
        }
    }

    /// <summary>Go's "%!verb(type=value)" for a verb the argument's type does not support.</summary>
    private static void BadVerb(StringBuilder sb, int verb, string typeName, object arg)
    {
        sb.Append("%!").Append(char.ConvertFromUtf32(verb)).Append('(').Append(typeName).Append('=');
        FormatArg(sb, new Spec { Verb = 'v' }, arg);
        sb.Append(')');
    }

    /// <summary>Pads <paramref name="body"/> to the width with spaces (left or right).</summary>
    private static void Pad(StringBuilder sb, Spec spec, string body)
    {
        int runes = CountRunes(body);
        int pad = spec.Width > runes ? spec.Width - runes : 0;
        if (!spec.Minus) sb.Append(' ', pad);
        sb.Append(body);
        if (spec.Minus) sb.Append(' ', pad);
    }

    /// <summary>
    /// Pads a signed number: with the '0' flag (and no '-') zeros go between the sign/prefix and the digits.
    /// </summary>
    private static void PadNumber(StringBuilder sb, Spec spec, string sign, string digits, bool zeroAllowed)
    {
        int len = sign.Length + digits.Length;
        if (spec.Zero && zeroAllowed && !spec.Minus && spec.Width > len)
        {
            sb.Append(sign).Append('0', spec.Width - len).Append(digits);
            return;
        }
        Pad(sb, spec, sign + digits);
    }

    internal static int CountRunes(string s)
    {
        int n = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (!(char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))) n++;
        }
        return n;
    }

    private struct Spec
    {
        public Spec()
        {
        }

        public bool Plus;
        public bool Minus;
        public bool Sharp;
        public bool Space;
        public bool Zero;
        public int Width = -1;
        public int Precision = -1;
        public int Verb;
    }
}

/// <summary>Raised when formatted output would exceed the caller's size limit.</summary>
internal sealed class GoFormatLimitException(int limit)
    : Exception($"output exceeds the limit of {limit.ToString(CultureInfo.InvariantCulture)} characters")
{
    public int Limit { get; } = limit;
}
