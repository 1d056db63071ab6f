using System.Globalization;
using System.Text;

namespace Mandate.Rego.Builtins.Go;

// Escapes, Unicode and POSIX classes and bracket expressions, each rewritten to the .NET form with RE2's meaning.
internal sealed partial class GoRegexTranslator
{
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
