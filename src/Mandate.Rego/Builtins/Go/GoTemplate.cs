using System.Text;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins.Go;

/// <summary>
/// The part of Go's text/template that <c>strings.render_template</c> policies use: text, <c>{{.a.b}}</c>,
/// variables, <c>if/else if/else</c>, <c>range</c> (with <c>$i, $v :=</c>), <c>with</c>, trim markers
/// <c>{{-</c>/<c>-}}</c>, pipelines with <c>|</c>, and the functions and, or, not, len, index, print, printf,
/// eq, ne, lt, le, gt, ge. A key missing from the data renders as <c>&lt;undefined&gt;</c>, as in OPA.
/// </summary>
internal sealed partial class GoTemplate
{
    private readonly List<Node> _root;

    private GoTemplate(List<Node> root) => _root = root;

    /// <summary>Parses; throws <see cref="FormatException"/> with a Go-like "template: …" message.</summary>
    public static GoTemplate Parse(string text)
    {
        var tokens = Tokenize(text);
        int pos = 0;
        var nodes = ParseList(tokens, ref pos, out string? stop);
        if (stop is not null) throw new FormatException($"template: unexpected {{{{{stop}}}}}");
        return new GoTemplate(nodes);
    }

    public string Execute(RegoValue data, Action<long> charge)
    {
        var sb = new StringBuilder();
        var scope = new Scope(data, charge);
        scope.Vars["$"] = data;
        Run(_root, data, scope, sb);
        return sb.ToString();
    }

    private abstract record Node;

    private sealed record TextNode(string Text) : Node;

    private sealed record ActionNode(string Pipeline, string? Declare) : Node;

    private sealed record BranchNode(string Keyword, string Pipeline, List<Node> Body, List<Node>? Else) : Node;

    private sealed record Token(bool IsAction, string Text);

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < text.Length)
        {
            int open = text.IndexOf("{{", i, StringComparison.Ordinal);
            if (open < 0)
            {
                tokens.Add(new Token(false, text[i..]));
                break;
            }
            int close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0) throw new FormatException("template: unclosed action");
            string body = text[(open + 2)..close];
            string before = text[i..open];
            if (body.StartsWith("- ", StringComparison.Ordinal) || body == "-")
            {
                before = before.TrimEnd();
                body = body[1..];
            }
            int next = close + 2;
            if (body.EndsWith(" -", StringComparison.Ordinal))
            {
                body = body[..^1];
                while (next < text.Length && char.IsWhiteSpace(text[next])) next++;
            }
            if (before.Length > 0) tokens.Add(new Token(false, before));
            string trimmed = body.Trim();
            if (!trimmed.StartsWith("/*", StringComparison.Ordinal)) tokens.Add(new Token(true, trimmed));
            i = next;
        }
        return tokens;
    }

    private static List<Node> ParseList(List<Token> tokens, ref int pos, out string? stop)
    {
        var nodes = new List<Node>();
        stop = null;
        while (pos < tokens.Count)
        {
            Token t = tokens[pos++];
            if (!t.IsAction)
            {
                nodes.Add(new TextNode(t.Text));
                continue;
            }
            string keyword = FirstWord(t.Text);
            switch (keyword)
            {
                case "end":
                case "else":
                    stop = t.Text;
                    return nodes;
                case "if":
                case "range":
                case "with":
                    nodes.Add(ParseBranch(keyword, t.Text[keyword.Length..].Trim(), tokens, ref pos));
                    break;
                default:
                    int assign = t.Text.IndexOf(":=", StringComparison.Ordinal);
                    nodes.Add(t.Text.StartsWith('$') && assign > 0
                        ? new ActionNode(t.Text[(assign + 2)..].Trim(), t.Text[..assign].Trim())
                        : new ActionNode(t.Text, null));
                    break;
            }
        }
        return nodes;
    }

    private static BranchNode ParseBranch(string keyword, string pipeline, List<Token> tokens, ref int pos)
    {
        List<Node> body = ParseList(tokens, ref pos, out string? stop);
        List<Node>? elseBody = null;
        if (stop is null) throw new FormatException($"template: unexpected EOF in {keyword}");
        if (stop.StartsWith("else", StringComparison.Ordinal))
        {
            string rest = stop[4..].Trim();
            if (rest.StartsWith("if ", StringComparison.Ordinal) || rest.StartsWith("with ", StringComparison.Ordinal))
            {
                // "else if" chains nest: the remainder shares this branch's {{end}}.
                string inner = FirstWord(rest);
                elseBody = [ParseBranch(inner, rest[inner.Length..].Trim(), tokens, ref pos)];
                return new BranchNode(keyword, pipeline, body, elseBody);
            }
            elseBody = ParseList(tokens, ref pos, out stop);
            if (stop != "end") throw new FormatException($"template: expected end in {keyword}");
        }
        return new BranchNode(keyword, pipeline, body, elseBody);
    }

    private static string FirstWord(string s)
    {
        int space = s.IndexOfAny([' ', '\t', '\n']);
        return space < 0 ? s : s[..space];
    }

    private sealed class Scope(RegoValue root, Action<long> charge)
    {
        public RegoValue Root { get; } = root;

        public Action<long> Charge { get; } = charge;

        public Dictionary<string, RegoValue> Vars { get; } = new(StringComparer.Ordinal);
    }

    private void Run(List<Node> nodes, RegoValue dot, Scope scope, StringBuilder sb)
    {
        foreach (Node node in nodes)
        {
            switch (node)
            {
                case TextNode t:
                    sb.Append(t.Text);
                    scope.Charge(t.Text.Length);
                    break;
                case ActionNode a:
                    RegoValue? v = EvalPipeline(a.Pipeline, dot, scope);
                    if (a.Declare is not null)
                    {
                        scope.Vars[a.Declare] = v ?? RegoNull.Instance;
                        break;
                    }
                    int before = sb.Length;
                    AppendValue(sb, v);
                    scope.Charge(sb.Length - before);
                    break;
                case BranchNode b:
                    RunBranch(b, dot, scope, sb);
                    break;
            }
        }
    }

    private void RunBranch(BranchNode b, RegoValue dot, Scope scope, StringBuilder sb)
    {
        if (b.Keyword == "range")
        {
            RunRange(b, dot, scope, sb);
            return;
        }
        RegoValue? value = EvalPipeline(b.Pipeline, dot, scope);
        if (IsTrue(value))
        {
            Run(b.Body, b.Keyword == "with" ? value! : dot, scope, sb);
        }
        else if (b.Else is not null)
        {
            Run(b.Else, dot, scope, sb);
        }
    }

    private void RunRange(BranchNode b, RegoValue dot, Scope scope, StringBuilder sb)
    {
        string pipeline = b.Pipeline;
        string? keyVar = null;
        string? valueVar = null;
        int assign = pipeline.IndexOf(":=", StringComparison.Ordinal);
        if (assign > 0)
        {
            string[] names = pipeline[..assign].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (names.Length == 2)
            {
                keyVar = names[0];
                valueVar = names[1];
            }
            else
            {
                valueVar = names[0];
            }
            pipeline = pipeline[(assign + 2)..].Trim();
        }
        RegoValue? collection = EvalPipeline(pipeline, dot, scope);
        var entries = new List<(RegoValue Key, RegoValue Value)>();
        switch (collection)
        {
            case RegoArray a:
                for (int i = 0; i < a.Count; i++) entries.Add((RegoNumber.From(i), a[i]));
                break;
            case RegoSet s:
                int n = 0;
                foreach (RegoValue item in s.Items) entries.Add((RegoNumber.From(n++), item));
                break;
            case RegoObject o:
                for (int i = 0; i < o.Count; i++) entries.Add((o.Keys[i], o.Values[i]));
                break;
            case RegoNumber num when num.TryGetInt32(out int count):
                // Charged up front: "range 1000000000" would otherwise build the list before any output.
                scope.Charge(Math.Max(count, 0));
                for (int i = 0; i < count; i++) entries.Add((RegoNumber.From(i), RegoNumber.From(i)));
                break;
            case null:
            case RegoNull:
                break;
            default:
                throw new FormatException($"template: range can't iterate over {Format(collection)}");
        }
        if (entries.Count == 0)
        {
            if (b.Else is not null) Run(b.Else, dot, scope, sb);
            return;
        }
        foreach ((RegoValue key, RegoValue value) in entries)
        {
            if (keyVar is not null) scope.Vars[keyVar] = key;
            if (valueVar is not null) scope.Vars[valueVar] = value;
            Run(b.Body, value, scope, sb);
        }
    }

    /// <summary>Go's truth: false, 0, nil and empty strings/collections are false.</summary>
    private static bool IsTrue(RegoValue? v) => v switch
    {
        null or RegoNull => false,
        RegoBoolean b => b.Value,
        RegoNumber n => n.Sign != 0,
        RegoString s => s.Value.Length > 0,
        RegoArray a => a.Count > 0,
        RegoObject o => o.Count > 0,
        RegoSet s => s.Count > 0,
        _ => true,
    };

    private static void AppendValue(StringBuilder sb, RegoValue? v)
    {
        if (v is null)
        {
            sb.Append("<undefined>");
            return;
        }
        sb.Append(Format(v));
    }

    /// <summary>Go's %v of the JSON-shaped data OPA hands to the template.</summary>
    internal static string Format(RegoValue v) => v switch
    {
        RegoNull => "<nil>",
        RegoBoolean b => b.Value ? "true" : "false",
        RegoNumber n => n.ToJsonText(),
        RegoString s => s.Value,
        RegoArray a => "[" + string.Join(' ', a.Items.ToArray().Select(Format)) + "]",
        RegoSet s => "[" + string.Join(' ', s.Items.ToArray().Select(Format)) + "]",
        RegoObject o => "map[" + string.Join(' ', Enumerable.Range(0, o.Count)
            .Select(i => (Key: o.Keys[i] is RegoString k ? k.Value : RegoJson.Serialize(o.Keys[i]), o.Values[i]))
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => e.Key + ":" + Format(e.Item2))) + "]",
        _ => v.ToString(),
    };

}
