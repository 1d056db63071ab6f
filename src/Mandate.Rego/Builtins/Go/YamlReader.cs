using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins.Go;

/// <summary>
/// Reads the YAML that configuration files use into Rego values, resolving plain scalars by YAML 1.1 as
/// Go's yaml reader does (yes/no/on/off are booleans, ~ is null). Covers block mappings and sequences,
/// flow collections, quoted and block (| and &gt;) scalars, comments and a leading "---". Anchors, tags and
/// multi-document streams are refused with an error naming the line.
/// </summary>
internal sealed partial class YamlReader
{
    private readonly List<(int Indent, string Text, int LineNo)> _lines = [];
    private int _pos;

    private YamlReader(string text)
    {
        string[] raw = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (int i = 0; i < raw.Length; i++)
        {
            string line = raw[i];
            string content = StripComment(line).TrimEnd();
            if (content.Trim().Length == 0)
            {
                _lines.Add((-1, line, i + 1)); // blank: kept for block scalars
                continue;
            }
            if (content == "---" && _lines.TrueForAll(l => l.Indent < 0)) continue;
            if (content is "---" or "...") throw Error(i + 1, "multiple documents are not supported");
            int indent = content.Length - content.TrimStart(' ').Length;
            if (content.TrimStart(' ').StartsWith('\t')) throw Error(i + 1, "found a tab character that violates indentation");
            _lines.Add((indent, content, i + 1));
        }
    }

    public static RegoValue Read(string text)
    {
        var reader = new YamlReader(text);
        reader.SkipBlank();
        if (reader._pos >= reader._lines.Count) return RegoNull.Instance;
        RegoValue value = reader.ParseBlock(reader._lines[reader._pos].Indent);
        reader.SkipBlank();
        if (reader._pos < reader._lines.Count) throw Error(reader._lines[reader._pos].LineNo, "did not find expected <document start>");
        return value;
    }

    private static FormatException Error(int line, string message) => new($"yaml: line {line}: {message}");

    private void SkipBlank()
    {
        while (_pos < _lines.Count && _lines[_pos].Indent < 0) _pos++;
    }

    private RegoValue ParseBlock(int indent)
    {
        SkipBlank();
        (int ind, string text, int lineNo) = _lines[_pos];
        string body = text[ind..];
        if (body == "-" || body.StartsWith("- ", StringComparison.Ordinal)) return ParseSequence(ind);
        if (FindMappingColon(body) >= 0) return ParseMapping(ind);
        // A multi-line flow collection or scalar: join the lines that belong to it.
        var sb = new StringBuilder(body);
        _pos++;
        while (_pos < _lines.Count && (_lines[_pos].Indent < 0 || _lines[_pos].Indent > indent - 1))
        {
            if (_lines[_pos].Indent >= 0) sb.Append(' ').Append(_lines[_pos].Text.Trim());
            _pos++;
        }
        _ = lineNo;
        return ParseInline(sb.ToString(), _lines[Math.Min(_pos, _lines.Count) - 1].LineNo);
    }

    private RegoValue ParseSequence(int indent)
    {
        var items = new List<RegoValue>();
        while (true)
        {
            SkipBlank();
            if (_pos >= _lines.Count) break;
            (int ind, string text, int lineNo) = _lines[_pos];
            if (ind < indent) break;
            if (ind > indent) throw Error(lineNo, "bad indentation of a sequence entry");
            string body = text[ind..];
            if (!(body == "-" || body.StartsWith("- ", StringComparison.Ordinal))) break;
            string rest = body.Length > 1 ? body[2..].TrimStart() : string.Empty;
            if (rest.Length == 0)
            {
                _pos++;
                SkipBlank();
                items.Add(_pos < _lines.Count && _lines[_pos].Indent > indent ? ParseBlock(_lines[_pos].Indent) : RegoNull.Instance);
                continue;
            }
            // "- key: v" or "- - x": the rest is a nested block starting at its own column.
            int column = ind + body.Length - body[2..].TrimStart().Length;
            _lines[_pos] = (column, new string(' ', column) + rest, lineNo);
            items.Add(rest.StartsWith('-') || FindMappingColon(rest) >= 0 ? ParseBlock(column) : ParseValueAt(rest, column, lineNo));
        }
        return RegoArray.From(items);
    }

    private RegoValue ParseMapping(int indent)
    {
        var entries = new RegoObject.Builder();
        while (true)
        {
            SkipBlank();
            if (_pos >= _lines.Count) break;
            (int ind, string text, int lineNo) = _lines[_pos];
            if (ind < indent) break;
            if (ind > indent) throw Error(lineNo, "mapping values are not allowed in this context");
            string body = text[ind..];
            int colon = FindMappingColon(body);
            if (colon < 0) throw Error(lineNo, "could not find expected ':'");
            string keyText = body[..colon].Trim();
            RegoValue key = ParseInline(keyText, lineNo);
            // Go's reader turns non-string keys into their text when converting to JSON.
            string keyString = key switch
            {
                RegoString s => s.Value,
                RegoBoolean b => b.Value ? "true" : "false",
                RegoNull => "null",
                _ => RegoJson.Serialize(key),
            };
            string rest = body[(colon + 1)..].Trim();
            RegoValue value;
            if (rest.Length == 0)
            {
                _pos++;
                SkipBlank();
                bool nested = _pos < _lines.Count && (_lines[_pos].Indent > indent
                    || (_lines[_pos].Indent == indent && _lines[_pos].Text[indent..].StartsWith('-')));
                value = nested ? ParseBlock(_lines[_pos].Indent) : RegoNull.Instance;
            }
            else
            {
                value = ParseValueAt(rest, indent + 1, lineNo);
            }
            if (!entries.TryAdd(RegoString.From(keyString), value)) throw Error(lineNo, $"key {GoQuote.Quote(keyString)} already set in map");
        }
        return entries.Build();
    }

    /// <summary>The value after "key:" or "- ": a block scalar, or an inline value possibly continued below.</summary>
    private RegoValue ParseValueAt(string rest, int minIndent, int lineNo)
    {
        _pos++;
        if (rest[0] is '|' or '>') return ParseBlockScalar(rest, minIndent, lineNo);
        if (rest[0] is '&' or '*' or '!') throw Error(lineNo, "anchors, aliases and tags are not supported");
        var sb = new StringBuilder(rest);
        // Flow collections and quoted strings may continue on more-indented lines.
        while (_pos < _lines.Count && _lines[_pos].Indent >= minIndent && !Balanced(sb.ToString()))
        {
            sb.Append(' ').Append(_lines[_pos].Text.Trim());
            _pos++;
        }
        return ParseInline(sb.ToString(), lineNo);
    }

    private RegoValue ParseBlockScalar(string header, int minIndent, int lineNo)
    {
        bool literal = header[0] == '|';
        char chomp = header.Contains('-', StringComparison.Ordinal) ? '-' : header.Contains('+', StringComparison.Ordinal) ? '+' : ' ';
        var lines = new List<string>();
        int blockIndent = -1;
        while (_pos < _lines.Count)
        {
            (int ind, string text, _) = _lines[_pos];
            if (ind >= 0 && ind < minIndent) break;
            if (ind >= 0 && blockIndent < 0) blockIndent = ind;
            if (ind >= 0 && ind < blockIndent) break;
            lines.Add(ind < 0 ? string.Empty : text[blockIndent..]);
            _pos++;
        }
        if (blockIndent < 0 && lines.Count == 0) return RegoString.Empty;
        _ = lineNo;
        int trailing = 0;
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
            trailing++;
        }
        string body;
        if (literal)
        {
            body = string.Join('\n', lines);
        }
        else
        {
            var sb = new StringBuilder();
            for (int i = 0; i < lines.Count; i++)
            {
                if (i > 0) sb.Append(lines[i].Length == 0 || lines[i - 1].Length == 0 ? "\n" : " ");
                sb.Append(lines[i]);
            }
            body = sb.ToString();
        }
        return RegoString.From(chomp switch
        {
            '-' => body,
            '+' => body + new string('\n', trailing + 1),
            _ => body.Length == 0 ? string.Empty : body + "\n",
        });
    }

    private static bool Balanced(string s)
    {
        int depth = 0;
        char quote = '\0';
        foreach (char c in s)
        {
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                continue;
            }
            if (c is '"' or '\'') quote = c;
            else if (c is '[' or '{') depth++;
            else if (c is ']' or '}') depth--;
        }
        return depth <= 0 && quote == '\0';
    }

    /// <summary>Position of the ':' that ends a mapping key (followed by space or end), outside quotes and brackets.</summary>
    private static int FindMappingColon(string s)
    {
        if (s.Length > 0 && s[0] is '[' or '{') return -1;
        char quote = '\0';
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                continue;
            }
            if ((c is '"' or '\'') && i == 0) quote = c;
            else if (c == ':' && (i + 1 == s.Length || s[i + 1] == ' ')) return i;
        }
        return -1;
    }

    private static string StripComment(string line)
    {
        char quote = '\0';
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                continue;
            }
            if (c is '"' or '\'' && (i == 0 || " :-[{,".Contains(line[i - 1], StringComparison.Ordinal))) quote = c;
            else if (c == '#' && (i == 0 || line[i - 1] is ' ' or '\t')) return line[..i];
        }
        return line;
    }

    [GeneratedRegex(@"^[-+]?(0|[1-9][0-9_]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalInt();

    [GeneratedRegex(@"^[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+]?[0-9]+)?$|^[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Float();
}
