using System.Globalization;
using System.Text;

namespace Mandate.Rego.Builtins.Go;

/// <summary>
/// Rewrites one RE2 pattern into .NET syntax with the same meaning, rejecting what RE2 rejects.
/// Error texts follow Go's regexp/syntax: "error parsing regexp: &lt;what&gt;: `&lt;where&gt;`".
/// </summary>
internal sealed partial class GoRegexTranslator
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
}
