using System.Globalization;
using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Syntax;

/// <summary>
/// <c># METADATA</c> comment blocks: a comment reading <c>METADATA</c> followed by consecutive comment
/// lines holding YAML. The block belongs to the package clause or rule that starts right after it.
/// Supports the YAML OPA's annotations use: scalars, nested maps by indentation and <c>- item</c> lists.
/// Authors written as <c>Name &lt;email&gt;</c> become <c>{name, email}</c>, as in OPA.
/// </summary>
internal static class Annotations
{
    public static void Attach(List<(SourceLocation Location, string Text)> comments, Module module)
    {
        for (var i = 0; i < comments.Count; i++)
        {
            if (comments[i].Text.Trim() != "METADATA")
            {
                continue;
            }

            var lines = new List<string>();
            var line = comments[i].Location.Line;
            var j = i + 1;
            for (; j < comments.Count && comments[j].Location.Line == line + 1; j++, line++)
            {
                lines.Add(comments[j].Text.StartsWith(' ') ? comments[j].Text[1..] : comments[j].Text);
            }

            i = j - 1;
            var value = Parse(lines);
            if (module.Location.Line > line && module.PackageAnnotations is null && module.Location.Line <= line + 1)
            {
                module.PackageAnnotations = WithScope(value, "package");
                continue;
            }

            var rule = module.Rules.FirstOrDefault(r => r.Location.Line > line);
            if (rule is not null)
            {
                rule.Annotations = WithScope(value, "rule");
            }
        }
    }

    private static RegoObject WithScope(RegoObject value, string defaultScope)
    {
        if (value.ContainsKey(RegoString.From("scope")))
        {
            return value;
        }

        var b = value.ToBuilder();
        b.Set("scope", RegoString.From(defaultScope));
        return b.Build();
    }

    private static RegoObject Parse(List<string> lines)
    {
        var i = 0;
        var result = ParseMap(lines, ref i, 0);
        return Normalize(result);
    }

    private static int Indent(string s) => s.Length - s.TrimStart(' ').Length;

    private static RegoObject ParseMap(List<string> lines, ref int i, int indent)
    {
        var b = new RegoObject.Builder();
        while (i < lines.Count)
        {
            var line = lines[i];
            if (line.Trim().Length == 0)
            {
                i++;
                continue;
            }

            if (Indent(line) < indent || line.TrimStart().StartsWith("- ", StringComparison.Ordinal))
            {
                break;
            }

            var text = line.Trim();
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                i++;
                continue;
            }

            var key = text[..colon].Trim();
            var rest = text[(colon + 1)..].Trim();
            i++;
            if (rest.Length > 0)
            {
                b.Set(key, Scalar(rest));
                continue;
            }

            if (i < lines.Count && lines[i].TrimStart().StartsWith("- ", StringComparison.Ordinal))
            {
                b.Set(key, ParseList(lines, ref i, Indent(lines[i])));
            }
            else if (i < lines.Count && Indent(lines[i]) > Indent(line))
            {
                b.Set(key, ParseMap(lines, ref i, Indent(lines[i])));
            }
            else
            {
                b.Set(key, RegoNull.Instance);
            }
        }

        return b.Build();
    }

    private static RegoArray ParseList(List<string> lines, ref int i, int indent)
    {
        var items = new List<RegoValue>();
        while (i < lines.Count && Indent(lines[i]) == indent && lines[i].TrimStart().StartsWith("- ", StringComparison.Ordinal))
        {
            var rest = lines[i].TrimStart()[2..].Trim();
            i++;
            var colon = rest.IndexOf(": ", StringComparison.Ordinal);
            if (colon > 0 && !rest.StartsWith('"'))
            {
                // A map item: its first entry is on the dash line, further entries are indented below.
                var b = new RegoObject.Builder();
                b.Set(rest[..colon].Trim(), Scalar(rest[(colon + 2)..].Trim()));
                if (i < lines.Count && Indent(lines[i]) > indent && !lines[i].TrimStart().StartsWith("- ", StringComparison.Ordinal))
                {
                    var more = ParseMap(lines, ref i, Indent(lines[i]));
                    for (var k = 0; k < more.Count; k++)
                    {
                        b.Set(more.Keys[k], more.Values[k]);
                    }
                }

                items.Add(b.Build());
            }
            else
            {
                items.Add(Scalar(rest));
            }
        }

        return RegoArray.From(items);
    }

    private static RegoValue Scalar(string s)
    {
        if (s.Length >= 2 && ((s[0] == '"' && s[^1] == '"') || (s[0] == '\'' && s[^1] == '\'')))
        {
            return RegoString.From(s[1..^1]);
        }

        return s switch
        {
            "true" => RegoBoolean.True,
            "false" => RegoBoolean.False,
            "null" or "~" => RegoNull.Instance,
            _ when long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => RegoNumber.From(n),
            _ => RegoString.From(s),
        };
    }

    private static RegoObject Normalize(RegoObject o)
    {
        var b = o.ToBuilder();
        if (o["authors"] is RegoArray authors)
        {
            b.Set("authors", RegoArray.From(authors.Items.ToArray().Select(Author)));
        }

        if (o["related_resources"] is RegoArray related)
        {
            b.Set("related_resources", RegoArray.From(related.Items.ToArray().Select(r =>
                r is RegoString s ? RegoObject.From([new KeyValuePair<string, RegoValue>("ref", s)]) : r)));
        }

        return b.Build();
    }

    private static RegoValue Author(RegoValue a)
    {
        if (a is not RegoString s)
        {
            return a;
        }

        var text = s.Value.Trim();
        var lt = text.LastIndexOf('<');
        var b = new RegoObject.Builder();
        if (lt >= 0 && text.EndsWith('>'))
        {
            var name = text[..lt].Trim();
            if (name.Length > 0)
            {
                b.Set("name", RegoString.From(name));
            }

            b.Set("email", RegoString.From(text[(lt + 1)..^1].Trim()));
        }
        else
        {
            b.Set("name", RegoString.From(text));
        }

        return b.Build();
    }
}
