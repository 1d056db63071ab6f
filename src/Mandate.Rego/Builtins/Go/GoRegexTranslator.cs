using System.Globalization;
using System.Text;

namespace Mandate.Rego.Builtins.Go;

/// <summary>
/// Rewrites one RE2 pattern into .NET syntax with the same meaning, rejecting what RE2 rejects.
/// Error texts follow Go's regexp/syntax: "error parsing regexp: &lt;what&gt;: `&lt;where&gt;`".
/// </summary>
internal sealed class GoRegexTranslator
{
    private const string AsciiWord = "0-9A-Za-z_";
    private const string AsciiSpace = @"\t\n\f\r ";
    private const int MaxRepeat = 1000;

    private readonly string _p;
    private readonly StringBuilder _out = new();
    private int _i;
    private int _depth;
    private bool _multiline;

    private GoRegexTranslator(string pattern) => _p = pattern;

    public static string Translate(string pattern)
    {
        var t = new GoRegexTranslator(pattern);
        t.Run();
        return t._out.ToString();
    }

    private static GoRegexException Error(string what, string where) =>
        new($"error parsing regexp: {what}: `{where}`");

    private void Run()
    {
        // Kind of the previous item, to apply RE2's rules on where a repetition may stand.
        bool canRepeat = false;
        bool lastWasRepeat = false;
        int repeatStart = -1;
        while (_i < _p.Length)
        {
            char c = _p[_i];
            switch (c)
            {
                case '(':
                    OpenGroup();
                    canRepeat = false;
                    lastWasRepeat = false;
                    continue;
                case ')':
                    if (_depth == 0) throw Error("unexpected )", _p);
                    _depth--;
                    _out.Append(')');
                    _i++;
                    canRepeat = true;
                    lastWasRepeat = false;
                    continue;
                case '|':
                    _out.Append('|');
                    _i++;
                    canRepeat = false;
                    lastWasRepeat = false;
                    continue;
                case '*':
                case '+':
                case '?':
                case '{':
                    int start = _i;
                    if (c == '{' && !TryRepeatBraces(out _))
                    {
                        // Not a valid {n,m}: RE2 takes the brace literally.
                        _out.Append(@"\{");
                        _i++;
                        canRepeat = true;
                        lastWasRepeat = false;
                        continue;
                    }
                    if (lastWasRepeat)
                    {
                        throw Error("invalid nested repetition operator", _p[repeatStart..(EndOfRepeat(start))]);
                    }
                    if (!canRepeat)
                    {
                        throw Error("missing argument to repetition operator", _p[start..EndOfRepeat(start)]);
                    }
                    int end = EndOfRepeat(start);
                    _out.Append(_p, start, end - start);
                    _i = end;
                    if (_i < _p.Length && _p[_i] == '?')
                    {
                        _out.Append('?');
                        _i++;
                    }
                    repeatStart = start;
                    lastWasRepeat = true;
                    canRepeat = false;
                    continue;
                case '[':
                    TranslateClass();
                    break;
                case '\\':
                    TranslateEscape();
                    break;
                case '$':
                    // Without (?m), RE2's $ is end of text; .NET's would also match before a final newline.
                    _out.Append(_multiline ? "$" : @"\z");
                    _i++;
                    break;
                case '^':
                case '.':
                    _out.Append(c);
                    _i++;
                    break;
                case '#':
                case ' ':
                    // Literal in RE2; escaped so an inline (?x) elsewhere cannot change them.
                    _out.Append('\\').Append(c);
                    _i++;
                    break;
                default:
                    AppendLiteral(_out, ReadRune());
                    break;
            }
            canRepeat = true;
            lastWasRepeat = false;
        }
        if (_depth > 0) throw Error("missing closing )", _p);
    }

    private int EndOfRepeat(int start)
    {
        if (_p[start] != '{') return start + 1;
        return _p.IndexOf('}', start) + 1;
    }

    /// <summary>Checks "{n}", "{n,}" or "{n,m}" at the cursor, enforcing RE2's limit of 1000.</summary>
    private bool TryRepeatBraces(out int end)
    {
        end = _i;
        int j = _i + 1;
        int minStart = j;
        while (j < _p.Length && char.IsAsciiDigit(_p[j])) j++;
        if (j == minStart || j >= _p.Length) return false;
        string min = _p[minStart..j];
        string? max = null;
        if (_p[j] == ',')
        {
            j++;
            int maxStart = j;
            while (j < _p.Length && char.IsAsciiDigit(_p[j])) j++;
            max = _p[maxStart..j];
        }
        if (j >= _p.Length || _p[j] != '}') return false;
        end = j + 1;
        string where = _p[_i..end];
        if (!int.TryParse(min, NumberStyles.None, CultureInfo.InvariantCulture, out int lo) || lo > MaxRepeat)
        {
            throw Error("invalid repeat count", where);
        }
        if (!string.IsNullOrEmpty(max)
            && (!int.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out int hi) || hi > MaxRepeat || hi < lo))
        {
            throw Error("invalid repeat count", where);
        }
        return true;
    }

    private void OpenGroup()
    {
        if (_i + 1 < _p.Length && _p[_i + 1] == '?')
        {
            string rest = _p[_i..];
            if (rest.StartsWith("(?P<", StringComparison.Ordinal) || rest.StartsWith("(?<", StringComparison.Ordinal))
            {
                int nameStart = _p.IndexOf('<', _i) + 1;
                int close = _p.IndexOf('>', nameStart);
                if (rest.StartsWith("(?<=", StringComparison.Ordinal) || rest.StartsWith("(?<!", StringComparison.Ordinal))
                {
                    throw Error("invalid or unsupported Perl syntax", _p.Substring(_i, 4));
                }
                if (close < 0) throw Error("invalid named capture", rest);
                string name = _p[nameStart..close];
                if (name.Length == 0 || !name.All(ch => ch == '_' || char.IsAsciiLetterOrDigit(ch)))
                {
                    throw Error("invalid named capture", _p[_i..(close + 1)]);
                }
                _out.Append("(?<").Append(name).Append('>');
                _i = close + 1;
                _depth++;
                return;
            }

            // Flag groups: (?flags) or (?flags:...), flags from i, m, s, U with an optional '-'.
            int j = _i + 2;
            var flags = new StringBuilder();
            while (j < _p.Length && (_p[j] is 'i' or 'm' or 's' or 'U' or '-')) flags.Append(_p[j++]);
            if (j < _p.Length && (_p[j] == ')' || _p[j] == ':') && flags.Length > 0 || j < _p.Length && _p[j] == ':' && flags.Length == 0)
            {
                string f = flags.ToString();
                if (f.Contains('U', StringComparison.Ordinal))
                {
                    // .NET has no "ungreedy by default" switch; refuse rather than match differently.
                    throw Error("invalid or unsupported Perl syntax", _p[_i..(j + 1)]);
                }
                if (f.EndsWith('-') || f.Count(ch => ch == '-') > 1)
                {
                    throw Error("missing argument to repetition operator", _p[_i..(j + 1)]);
                }
                int dash = f.IndexOf('-', StringComparison.Ordinal);
                if (f.Contains('m', StringComparison.Ordinal) && (dash < 0 || f.IndexOf('m', StringComparison.Ordinal) < dash))
                {
                    _multiline = true;
                }
                _out.Append("(?").Append(f).Append(_p[j]);
                if (_p[j] == ':') _depth++;
                _i = j + 1;
                return;
            }
            int shown = Math.Min(_i + 3, _p.Length);
            throw Error("invalid or unsupported Perl syntax", _p[_i..shown]);
        }
        _out.Append('(');
        _i++;
        _depth++;
    }

    private int ReadRune()
    {
        int r = char.ConvertToUtf32(_p, _i);
        _i += char.IsSurrogatePair(_p, _i) ? 2 : 1;
        return r;
    }

    internal static void AppendLiteral(StringBuilder sb, int rune)
    {
        if (rune < 0x80 && @"\.+*?()|[]{}^$#- ".Contains((char)rune, StringComparison.Ordinal))
        {
            sb.Append('\\').Append((char)rune);
        }
        else if (rune < 0x20)
        {
            sb.Append(@"\x").Append(rune.ToString("X2", CultureInfo.InvariantCulture));
        }
        else
        {
            sb.Append(char.ConvertFromUtf32(rune));
        }
    }

    private void TranslateEscape()
    {
        int start = _i;
        _i++;
        if (_i >= _p.Length) throw Error("trailing backslash at end of expression", string.Empty);
        char e = _p[_i];
        switch (e)
        {
            case 'd': _out.Append("[0-9]"); _i++; return;
            case 'D': _out.Append("[^0-9]"); _i++; return;
            case 'w': _out.Append('[').Append(AsciiWord).Append(']'); _i++; return;
            case 'W': _out.Append("[^").Append(AsciiWord).Append(']'); _i++; return;
            case 's': _out.Append('[').Append(AsciiSpace).Append(']'); _i++; return;
            case 'S': _out.Append("[^").Append(AsciiSpace).Append(']'); _i++; return;
            case 'b': case 'B': case 'A': case 'z':
                _out.Append('\\').Append(e); _i++; return;
            case 'Q':
                int endQ = _p.IndexOf(@"\E", _i + 1, StringComparison.Ordinal);
                string lit = endQ < 0 ? _p[(_i + 1)..] : _p[(_i + 1)..endQ];
                _i = endQ < 0 ? _p.Length : endQ + 2;
                foreach (Rune r in lit.EnumerateRunes()) AppendLiteral(_out, r.Value);
                return;
            case 'p':
            case 'P':
                _out.Append(UnicodeClass(start));
                return;
        }
        int rune = ReadEscapedRune(start);
        AppendLiteral(_out, rune);
    }

    /// <summary>Escapes that denote one character: punctuation, \a \f \t \n \r \v, octal and hex.</summary>
    private int ReadEscapedRune(int start)
    {
        char e = _p[_i];
        switch (e)
        {
            case 'a': _i++; return 7;
            case 'f': _i++; return 12;
            case 't': _i++; return 9;
            case 'n': _i++; return 10;
            case 'r': _i++; return 13;
            case 'v': _i++; return 11;
            case >= '1' and <= '7' when _i + 1 >= _p.Length || _p[_i + 1] is < '0' or > '7':
                // A lone non-zero digit would be a back-reference, which RE2 does not have.
                throw Error("invalid escape sequence", _p[start..(_i + 1)]);
            case >= '0' and <= '7':
                int v = 0;
                int n = 0;
                while (n < 3 && _i < _p.Length && _p[_i] is >= '0' and <= '7')
                {
                    v = v * 8 + (_p[_i] - '0');
                    _i++;
                    n++;
                }
                return v;
            case 'x':
                _i++;
                if (_i < _p.Length && _p[_i] == '{')
                {
                    int close = _p.IndexOf('}', _i);
                    if (close < 0 || !int.TryParse(_p.AsSpan(_i + 1, close - _i - 1), NumberStyles.AllowHexSpecifier,
                            CultureInfo.InvariantCulture, out int cp) || cp > 0x10FFFF || close == _i + 1)
                    {
                        throw Error("invalid escape sequence", _p[start..Math.Min(_p.Length, close < 0 ? _p.Length : close + 1)]);
                    }
                    _i = close + 1;
                    return cp;
                }
                if (_i + 2 > _p.Length || !int.TryParse(_p.AsSpan(_i, 2), NumberStyles.AllowHexSpecifier,
                        CultureInfo.InvariantCulture, out int hx))
                {
                    throw Error("invalid escape sequence", _p[start..Math.Min(_p.Length, _i + 2)]);
                }
                _i += 2;
                return hx;
        }
        if (e < 0x80 && !char.IsAsciiLetterOrDigit(e))
        {
            _i++;
            return e;
        }
        throw Error("invalid escape sequence", _p[start..(_i + 1)]);
    }

    /// <summary>\pL, \p{Greek}, \PL, \p{^L}: general categories pass through; scripts map to .NET blocks.</summary>
    private string UnicodeClass(int start)
    {
        bool negate = _p[_i] == 'P';
        _i++;
        if (_i >= _p.Length) throw Error("invalid character class range", _p[start..]);
        string name;
        if (_p[_i] == '{')
        {
            int close = _p.IndexOf('}', _i);
            if (close < 0) throw Error("invalid character class range", _p[start..]);
            name = _p[(_i + 1)..close];
            _i = close + 1;
        }
        else
        {
            name = _p[_i].ToString();
            _i++;
        }
        if (name.StartsWith('^'))
        {
            negate = !negate;
            name = name[1..];
        }
        string? dotnet = name switch
        {
            "Any" => null,
            "L" or "Lu" or "Ll" or "Lt" or "Lm" or "Lo" or "M" or "Mn" or "Mc" or "Me" or "N" or "Nd" or "Nl" or "No"
                or "P" or "Pc" or "Pd" or "Ps" or "Pe" or "Pi" or "Pf" or "Po" or "S" or "Sm" or "Sc" or "Sk" or "So"
                or "Z" or "Zs" or "Zl" or "Zp" or "C" or "Cc" or "Cf" or "Cs" or "Co" => name,
            "Greek" => "IsGreekandCoptic",
            "Latin" => "IsBasicLatin",
            "Cyrillic" => "IsCyrillic",
            "Han" => "IsCJKUnifiedIdeographs",
            "Arabic" => "IsArabic",
            "Hebrew" => "IsHebrew",
            "Hiragana" => "IsHiragana",
            "Katakana" => "IsKatakana",
            "Thai" => "IsThai",
            "Armenian" => "IsArmenian",
            "Georgian" => "IsGeorgian",
            _ => throw Error("invalid character class range", _p[start.._i]),
        };
        if (dotnet is null) return negate ? "[^\\s\\S]" : "[\\s\\S]";
        return (negate ? @"\P{" : @"\p{") + dotnet + "}";
    }

    private void TranslateClass()
    {
        int start = _i;
        _i++;
        var cls = new StringBuilder("[");
        if (_i < _p.Length && _p[_i] == '^')
        {
            cls.Append('^');
            _i++;
        }
        bool first = true;
        while (true)
        {
            if (_i >= _p.Length) throw Error("missing closing ]", _p[start..]);
            char c = _p[_i];
            if (c == ']' && !first)
            {
                _i++;
                break;
            }
            first = false;
            if (c == '[' && _i + 1 < _p.Length && _p[_i + 1] == ':')
            {
                int close = _p.IndexOf(":]", _i + 2, StringComparison.Ordinal);
                if (close >= 0)
                {
                    cls.Append(PosixClass(_p[(_i + 2)..close], _p[_i..(close + 2)]));
                    _i = close + 2;
                    continue;
                }
            }
            if (c == '\\' && _i + 1 < _p.Length && _p[_i + 1] is 'd' or 'D' or 'w' or 'W' or 's' or 'S' or 'p' or 'P')
            {
                cls.Append(ClassEscape());
                continue;
            }
            int lo = ClassRune(start);
            if (_i + 1 < _p.Length && _p[_i] == '-' && _p[_i + 1] != ']')
            {
                int rangeStart = _i;
                _i++;
                int hi = ClassRune(start);
                if (hi < lo)
                {
                    throw Error("invalid character class range", _p[(rangeStart - RuneLength(lo))..ClampEnd()]);
                }
                AppendClassRune(cls, lo);
                cls.Append('-');
                AppendClassRune(cls, hi);
                continue;
            }
            AppendClassRune(cls, lo);
        }
        cls.Append(']');
        _out.Append(cls);
    }

    private int ClampEnd() => Math.Min(_i, _p.Length);

    private static int RuneLength(int rune) => rune >= 0x10000 ? 2 : 1;

    private string ClassEscape()
    {
        char e = _p[_i + 1];
        if (e is 'p' or 'P')
        {
            int start = _i;
            _i++;
            return UnicodeClass(start);
        }
        _i += 2;
        // Inside a class a negated shorthand cannot be spelled as a range list; .NET's own \D \W \S
        // differ from RE2's only on non-ASCII digits/letters/spaces.
        return e switch
        {
            'd' => "0-9",
            'w' => AsciiWord,
            's' => AsciiSpace,
            _ => "\\" + e,
        };
    }

    private int ClassRune(int classStart)
    {
        if (_i >= _p.Length) throw Error("missing closing ]", _p[classStart..]);
        if (_p[_i] != '\\') return ReadRune();
        int start = _i;
        _i++;
        if (_i >= _p.Length) throw Error("missing closing ]", _p[classStart..]);
        return ReadEscapedRune(start);
    }

    private static void AppendClassRune(StringBuilder sb, int rune)
    {
        if (rune < 0x80 && @"\]-[^".Contains((char)rune, StringComparison.Ordinal))
        {
            sb.Append('\\').Append((char)rune);
        }
        else if (rune < 0x20)
        {
            sb.Append(@"\x").Append(rune.ToString("X2", CultureInfo.InvariantCulture));
        }
        else
        {
            sb.Append(char.ConvertFromUtf32(rune));
        }
    }

    private static string PosixClass(string name, string where)
    {
        bool negate = name.StartsWith('^');
        if (negate) name = name[1..];
        string body = name switch
        {
            "alnum" => "0-9A-Za-z",
            "alpha" => "A-Za-z",
            "ascii" => @"\x00-\x7F",
            "blank" => @"\t ",
            "cntrl" => @"\x00-\x1F\x7F",
            "digit" => "0-9",
            "graph" => @"!-~",
            "lower" => "a-z",
            "print" => @" -~",
            "punct" => @"!-/:-@\[-`{-~",
            "space" => @"\t\n\v\f\r ",
            "upper" => "A-Z",
            "word" => AsciiWord,
            "xdigit" => "0-9A-Fa-f",
            _ => throw Error("invalid character class range", where),
        };
        // A negated POSIX class inside a class is rare; approximated by .NET class subtraction is not
        // composable, so refuse it rather than match the wrong set.
        if (negate) throw Error("invalid or unsupported Perl syntax", where);
        return body;
    }
}
