using System.Globalization;
using System.Text;

namespace Mandate.Rego.Syntax;

/// <summary>
/// Splits Rego source into tokens. String literals are unescaped here (JSON escapes); raw strings keep
/// their text; template strings (<c>$"…"</c>) keep their raw body for the parser. Lexical problems are
/// reported as <see cref="TokenKind.Illegal"/> tokens whose text is the message.
/// </summary>
internal sealed class Lexer
{
    private readonly string _src;
    private readonly string _file;
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    public Lexer(string source, string file)
    {
        _src = source;
        _file = file;
    }

    /// <summary>Comments seen, in order: their position and text after '#'.</summary>
    public List<(SourceLocation Location, string Text)> Comments { get; } = [];

    public List<Token> Tokenize()
    {
        var tokens = new List<Token>();
        while (true)
        {
            var newline = SkipTrivia();
            var t = Next(newline);
            tokens.Add(t);
            if (t.Kind == TokenKind.EndOfFile)
            {
                return tokens;
            }
        }
    }

    private SourceLocation Here => new(_file, _line, _pos - _lineStart + 1, _pos);

    private bool SkipTrivia()
    {
        var newline = false;
        while (_pos < _src.Length)
        {
            var c = _src[_pos];
            if (c == '\n')
            {
                newline = true;
                _pos++;
                _line++;
                _lineStart = _pos;
            }
            else if (c is ' ' or '\t' or '\r')
            {
                _pos++;
            }
            else if (c == '#')
            {
                var loc = Here;
                var start = _pos + 1;
                while (_pos < _src.Length && _src[_pos] != '\n')
                {
                    _pos++;
                }

                Comments.Add((loc, _src[start.._pos].TrimEnd('\r')));
            }
            else
            {
                break;
            }
        }

        return newline;
    }

    private Token Next(bool newline)
    {
        var loc = Here;
        if (_pos >= _src.Length)
        {
            return new Token(TokenKind.EndOfFile, string.Empty, loc, true);
        }

        var c = _src[_pos];
        if (char.IsAsciiLetter(c) || c == '_')
        {
            var start = _pos;
            while (_pos < _src.Length && (char.IsAsciiLetterOrDigit(_src[_pos]) || _src[_pos] == '_'))
            {
                _pos++;
            }

            return new Token(TokenKind.Ident, _src[start.._pos], loc, newline);
        }

        if (char.IsAsciiDigit(c))
        {
            return LexNumber(loc, newline);
        }

        switch (c)
        {
            case '"':
                return LexString(loc, newline);
            case '`':
                return LexRawString(loc, newline);
            case '$' when _pos + 1 < _src.Length && _src[_pos + 1] == '"':
                _pos++;
                return LexTemplate(loc, newline);
        }

        _pos++;
        var next = _pos < _src.Length ? _src[_pos] : '\0';
        TokenKind kind;
        switch (c)
        {
            case '{': kind = TokenKind.LBrace; break;
            case '}': kind = TokenKind.RBrace; break;
            case '[': kind = TokenKind.LBracket; break;
            case ']': kind = TokenKind.RBracket; break;
            case '(': kind = TokenKind.LParen; break;
            case ')': kind = TokenKind.RParen; break;
            case '.': kind = TokenKind.Dot; break;
            case ',': kind = TokenKind.Comma; break;
            case ';': kind = TokenKind.Semicolon; break;
            case '+': kind = TokenKind.Plus; break;
            case '-': kind = TokenKind.Minus; break;
            case '*': kind = TokenKind.Star; break;
            case '/': kind = TokenKind.Slash; break;
            case '%': kind = TokenKind.Percent; break;
            case '&': kind = TokenKind.Amp; break;
            case '|': kind = TokenKind.Pipe; break;
            case ':' when next == '=': _pos++; kind = TokenKind.Assign; break;
            case ':': kind = TokenKind.Colon; break;
            case '=' when next == '=': _pos++; kind = TokenKind.Equal; break;
            case '=': kind = TokenKind.Unify; break;
            case '!' when next == '=': _pos++; kind = TokenKind.NotEqual; break;
            case '<' when next == '=': _pos++; kind = TokenKind.LessEqual; break;
            case '<': kind = TokenKind.Less; break;
            case '>' when next == '=': _pos++; kind = TokenKind.GreaterEqual; break;
            case '>': kind = TokenKind.Greater; break;
            default:
                return new Token(TokenKind.Illegal, $"illegal token '{c}'", loc, newline);
        }

        return new Token(kind, _src[loc.Offset.._pos], loc, newline);
    }

    private Token LexNumber(SourceLocation loc, bool newline)
    {
        var start = _pos;
        while (_pos < _src.Length && char.IsAsciiDigit(_src[_pos]))
        {
            _pos++;
        }

        if (_pos + 1 < _src.Length && _src[_pos] == '.' && char.IsAsciiDigit(_src[_pos + 1]))
        {
            _pos++;
            while (_pos < _src.Length && char.IsAsciiDigit(_src[_pos]))
            {
                _pos++;
            }
        }

        if (_pos < _src.Length && _src[_pos] is 'e' or 'E')
        {
            var save = _pos;
            _pos++;
            if (_pos < _src.Length && _src[_pos] is '+' or '-')
            {
                _pos++;
            }

            if (_pos < _src.Length && char.IsAsciiDigit(_src[_pos]))
            {
                while (_pos < _src.Length && char.IsAsciiDigit(_src[_pos]))
                {
                    _pos++;
                }
            }
            else
            {
                _pos = save;
            }
        }

        return new Token(TokenKind.Number, _src[start.._pos], loc, newline);
    }

    private Token LexRawString(SourceLocation loc, bool newline)
    {
        _pos++;
        var start = _pos;
        while (_pos < _src.Length && _src[_pos] != '`')
        {
            if (_src[_pos] == '\n')
            {
                _line++;
                _lineStart = _pos + 1;
            }

            _pos++;
        }

        if (_pos >= _src.Length)
        {
            return new Token(TokenKind.Illegal, "unterminated raw string", loc, newline);
        }

        var text = _src[start.._pos];
        _pos++;
        return new Token(TokenKind.RawString, text, loc, newline);
    }

    private Token LexString(SourceLocation loc, bool newline)
    {
        _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _src.Length || _src[_pos] == '\n')
            {
                return new Token(TokenKind.Illegal, "non-terminated string", loc, newline);
            }

            var c = _src[_pos++];
            if (c == '"')
            {
                return new Token(TokenKind.String, sb.ToString(), loc, newline);
            }

            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (!TryUnescape(sb, out var error))
            {
                return new Token(TokenKind.Illegal, error, loc, newline);
            }
        }
    }

    /// <summary>Reads one JSON escape (the backslash is consumed) into <paramref name="sb"/>.</summary>
    private bool TryUnescape(StringBuilder sb, out string error)
    {
        error = string.Empty;
        if (_pos >= _src.Length)
        {
            error = "non-terminated string";
            return false;
        }

        var e = _src[_pos++];
        switch (e)
        {
            case '"': sb.Append('"'); return true;
            case '\\': sb.Append('\\'); return true;
            case '/': sb.Append('/'); return true;
            case 'b': sb.Append('\b'); return true;
            case 'f': sb.Append('\f'); return true;
            case 'n': sb.Append('\n'); return true;
            case 'r': sb.Append('\r'); return true;
            case 't': sb.Append('\t'); return true;
            case 'u' when _pos + 4 <= _src.Length &&
                          int.TryParse(_src.AsSpan(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code):
                sb.Append((char)code);
                _pos += 4;
                return true;
            default:
                error = $"illegal escape sequence '\\{e}' in string";
                return false;
        }
    }

    /// <summary>
    /// A template string <c>$"…{expr}…"</c>. The token text keeps the body with escapes resolved except
    /// for braces: a literal brace written <c>\{</c> is stored as U+E000 so the parser can tell it apart
    /// from an expression opener.
    /// </summary>
    private Token LexTemplate(SourceLocation loc, bool newline)
    {
        _pos++;
        var sb = new StringBuilder();
        var depth = 0;
        while (true)
        {
            if (_pos >= _src.Length || (_src[_pos] == '\n' && depth == 0))
            {
                return new Token(TokenKind.Illegal, "non-terminated template string", loc, newline);
            }

            var c = _src[_pos++];
            if (depth == 0 && c == '"')
            {
                return new Token(TokenKind.TemplateString, sb.ToString(), loc, newline);
            }

            if (depth > 0)
            {
                // Inside an expression: copy verbatim, tracking nested strings and braces.
                if (c == '"')
                {
                    sb.Append(c);
                    while (_pos < _src.Length && _src[_pos] != '"')
                    {
                        if (_src[_pos] == '\\' && _pos + 1 < _src.Length)
                        {
                            sb.Append(_src[_pos++]);
                        }

                        sb.Append(_src[_pos++]);
                    }

                    if (_pos < _src.Length)
                    {
                        sb.Append(_src[_pos++]);
                    }

                    continue;
                }

                if (c == '{')
                {
                    depth++;
                }
                else if (c == '}')
                {
                    depth--;
                }

                sb.Append(c);
                continue;
            }

            if (c == '{')
            {
                depth = 1;
                sb.Append(c);
                continue;
            }

            if (c == '\\')
            {
                if (_pos < _src.Length && _src[_pos] is '{' or '}')
                {
                    sb.Append(_src[_pos++] == '{' ? '\uE000' : '\uE001');
                    continue;
                }

                if (!TryUnescape(sb, out var error))
                {
                    return new Token(TokenKind.Illegal, error, loc, newline);
                }

                continue;
            }

            sb.Append(c);
        }
    }
}
