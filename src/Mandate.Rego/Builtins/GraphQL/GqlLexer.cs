using System.Globalization;
using System.Text;

namespace Mandate.Rego.Builtins.GraphQL;

internal enum GqlKind
{
    Invalid,
    Eof,
    Bang,
    Dollar,
    Amp,
    ParenL,
    ParenR,
    Spread,
    Colon,
    Equals,
    At,
    BracketL,
    BracketR,
    BraceL,
    BraceR,
    Pipe,
    Name,
    Int,
    Float,
    String,
    BlockString,
}

/// <summary>One token with its 1-based line and column (columns count code points, as gqlparser does).</summary>
internal sealed record GqlToken(GqlKind Kind, string Value, int Line, int Column)
{
    /// <summary>How gqlparser names a token in "Unexpected …" and "found …" messages.</summary>
    public string Describe() => Kind switch
    {
        GqlKind.Eof => "<EOF>",
        GqlKind.Invalid => "<Invalid>",
        GqlKind.Name => $"Name \"{Value}\"",
        GqlKind.Int => $"Int \"{Value}\"",
        GqlKind.Float => $"Float \"{Value}\"",
        GqlKind.String => $"String \"{Value}\"",
        GqlKind.BlockString => $"BlockString \"{Value}\"",
        _ => KindText(Kind),
    };

    public static string KindText(GqlKind kind) => kind switch
    {
        GqlKind.Bang => "!",
        GqlKind.Dollar => "$",
        GqlKind.Amp => "&",
        GqlKind.ParenL => "(",
        GqlKind.ParenR => ")",
        GqlKind.Spread => "...",
        GqlKind.Colon => ":",
        GqlKind.Equals => "=",
        GqlKind.At => "@",
        GqlKind.BracketL => "[",
        GqlKind.BracketR => "]",
        GqlKind.BraceL => "{",
        GqlKind.BraceR => "}",
        GqlKind.Pipe => "|",
        GqlKind.Eof => "<EOF>",
        GqlKind.Invalid => "<Invalid>",
        _ => kind.ToString(),
    };
}

/// <summary>
/// GraphQL's lexical grammar: commas, whitespace and # comments are ignored; a malformed token (bad
/// character, unterminated string) becomes an Invalid token, which the parser reports as unexpected.
/// </summary>
internal sealed class GqlLexer
{
    private readonly string _s;
    private int _i;
    private int _line = 1;
    private int _lineStart;

    public GqlLexer(string source) => _s = source;

    /// <summary>Code points from the start of the line (only the current line is scanned).</summary>
    private int Column
    {
        get
        {
            int n = 1;
            for (int k = _lineStart; k < _i && k < _s.Length; k++)
            {
                if (!char.IsLowSurrogate(_s[k])) n++;
            }
            return n;
        }
    }

    public GqlToken Next()
    {
        SkipIgnored();
        int line = _line;
        int col = Column;
        if (_i >= _s.Length) return new GqlToken(GqlKind.Eof, string.Empty, line, col);
        char c = _s[_i];
        GqlKind punct = c switch
        {
            '!' => GqlKind.Bang,
            '$' => GqlKind.Dollar,
            '&' => GqlKind.Amp,
            '(' => GqlKind.ParenL,
            ')' => GqlKind.ParenR,
            ':' => GqlKind.Colon,
            '=' => GqlKind.Equals,
            '@' => GqlKind.At,
            '[' => GqlKind.BracketL,
            ']' => GqlKind.BracketR,
            '{' => GqlKind.BraceL,
            '}' => GqlKind.BraceR,
            '|' => GqlKind.Pipe,
            _ => GqlKind.Invalid,
        };
        if (punct != GqlKind.Invalid)
        {
            _i++;
            return new GqlToken(punct, c.ToString(), line, col);
        }
        if (c == '.')
        {
            if (string.CompareOrdinal(_s, _i, "...", 0, 3) == 0)
            {
                _i += 3;
                return new GqlToken(GqlKind.Spread, "...", line, col);
            }
            return new GqlToken(GqlKind.Invalid, ".", line, col);
        }
        if (c == '_' || char.IsAsciiLetter(c))
        {
            int start = _i;
            while (_i < _s.Length && (_s[_i] == '_' || char.IsAsciiLetterOrDigit(_s[_i]))) _i++;
            return new GqlToken(GqlKind.Name, _s[start.._i], line, col);
        }
        if (c == '-' || char.IsAsciiDigit(c)) return ReadNumber(line, col);
        if (c == '"')
        {
            // gqlparser places a string token after its opening quote(s), which its error columns show.
            return string.CompareOrdinal(_s, _i, "\"\"\"", 0, 3) == 0 ? ReadBlockString(line, col + 3) : ReadString(line, col + 1);
        }
        return new GqlToken(GqlKind.Invalid, c.ToString(), line, col);
    }

    private void SkipIgnored()
    {
        while (_i < _s.Length)
        {
            char c = _s[_i];
            if (c is ' ' or '\t' or ',' or '\uFEFF')
            {
                _i++;
            }
            else if (c is '\n' or '\r')
            {
                _i += c == '\r' && _i + 1 < _s.Length && _s[_i + 1] == '\n' ? 2 : 1;
                NewLine();
            }
            else if (c == '#')
            {
                while (_i < _s.Length && _s[_i] is not ('\n' or '\r')) _i++;
            }
            else
            {
                break;
            }
        }
    }

    private void NewLine()
    {
        _line++;
        _lineStart = _i;
    }

    private GqlToken ReadNumber(int line, int col)
    {
        int start = _i;
        bool isFloat = false;
        if (_s[_i] == '-') _i++;
        if (_i < _s.Length && _s[_i] == '0')
        {
            _i++;
        }
        else if (!ReadDigits())
        {
            return new GqlToken(GqlKind.Invalid, _s[start.._i], line, col);
        }
        if (_i < _s.Length && _s[_i] == '.')
        {
            isFloat = true;
            _i++;
            if (!ReadDigits()) return new GqlToken(GqlKind.Invalid, _s[start.._i], line, col);
        }
        if (_i < _s.Length && _s[_i] is 'e' or 'E')
        {
            isFloat = true;
            _i++;
            if (_i < _s.Length && _s[_i] is '+' or '-') _i++;
            if (!ReadDigits()) return new GqlToken(GqlKind.Invalid, _s[start.._i], line, col);
        }
        return new GqlToken(isFloat ? GqlKind.Float : GqlKind.Int, _s[start.._i], line, col);
    }

    private bool ReadDigits()
    {
        int start = _i;
        while (_i < _s.Length && char.IsAsciiDigit(_s[_i])) _i++;
        return _i > start;
    }

    private GqlToken ReadString(int line, int col)
    {
        var sb = new StringBuilder();
        _i++;
        while (_i < _s.Length)
        {
            char c = _s[_i];
            if (c == '"')
            {
                _i++;
                return new GqlToken(GqlKind.String, sb.ToString(), line, col);
            }
            if (c is '\n' or '\r') break;
            if (c != '\\')
            {
                sb.Append(c);
                _i++;
                continue;
            }
            if (_i + 1 >= _s.Length) break;
            char e = _s[_i + 1];
            _i += 2;
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u' when _i + 4 <= _s.Length && int.TryParse(_s.AsSpan(_i, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int u):
                    sb.Append((char)u);
                    _i += 4;
                    break;
                default:
                    return new GqlToken(GqlKind.Invalid, sb.ToString(), line, col);
            }
        }
        return new GqlToken(GqlKind.Invalid, sb.ToString(), _line, Column);
    }

    private GqlToken ReadBlockString(int line, int col)
    {
        _i += 3;
        var raw = new StringBuilder();
        while (_i < _s.Length)
        {
            if (string.CompareOrdinal(_s, _i, "\"\"\"", 0, 3) == 0)
            {
                _i += 3;
                return new GqlToken(GqlKind.BlockString, BlockStringValue(raw.ToString()), line, col);
            }
            if (string.CompareOrdinal(_s, _i, "\\\"\"\"", 0, 4) == 0)
            {
                raw.Append("\"\"\"");
                _i += 4;
                continue;
            }
            char c = _s[_i];
            raw.Append(c);
            _i++;
            if (c == '\r' && _i < _s.Length && _s[_i] == '\n')
            {
                raw.Append('\n');
                _i++;
                NewLine();
            }
            else if (c is '\n' or '\r')
            {
                NewLine();
            }
        }
        // Unterminated: the error sits where the input ended.
        return new GqlToken(GqlKind.Invalid, raw.ToString(), _line, Column);
    }

    /// <summary>The spec's BlockStringValue: common indentation and blank first/last lines removed.</summary>
    internal static string BlockStringValue(string raw)
    {
        string[] lines = raw.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        int common = int.MaxValue;
        for (int i = 1; i < lines.Length; i++)
        {
            string l = lines[i];
            int indent = l.Length - l.TrimStart(' ', '\t').Length;
            if (indent < l.Length) common = Math.Min(common, indent);
        }
        if (common != int.MaxValue)
        {
            for (int i = 1; i < lines.Length; i++) lines[i] = lines[i].Length >= common ? lines[i][common..] : string.Empty;
        }
        int first = 0;
        int last = lines.Length - 1;
        while (first <= last && lines[first].Trim(' ', '\t').Length == 0) first++;
        while (last >= first && lines[last].Trim(' ', '\t').Length == 0) last--;
        return first > last ? string.Empty : string.Join('\n', lines[first..(last + 1)]);
    }
}
