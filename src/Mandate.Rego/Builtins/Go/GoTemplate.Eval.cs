using System.Numerics;
using System.Text;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins.Go;

// Pipelines: "arg", "fn arg…", "a | fn b" (the left result becomes the last argument).
internal sealed partial class GoTemplate
{
    private RegoValue? EvalPipeline(string pipeline, RegoValue dot, Scope scope)
    {
        RegoValue? result = null;
        bool first = true;
        foreach (string command in SplitTopLevel(pipeline, '|'))
        {
            List<string> words = SplitWords(command.Trim());
            if (words.Count == 0) throw new FormatException("template: missing value for command");
            var extra = first ? null : result;
            result = EvalCommand(words, dot, scope, extra, !first);
            first = false;
        }
        return result;
    }

    private RegoValue? EvalCommand(List<string> words, RegoValue dot, Scope scope, RegoValue? piped, bool hasPiped)
    {
        string head = words[0];
        bool isFunction = char.IsAsciiLetter(head[0]) && head is not ("true" or "false" or "nil");
        if (!isFunction)
        {
            if (words.Count > 1 || hasPiped) throw new FormatException($"template: can't give argument to non-function {head}");
            return EvalOperand(head, dot, scope);
        }
        var args = new List<RegoValue?>();
        for (int i = 1; i < words.Count; i++) args.Add(EvalOperand(words[i], dot, scope));
        if (hasPiped) args.Add(piped);
        return CallFunction(head, args);
    }

    private RegoValue? EvalOperand(string word, RegoValue dot, Scope scope)
    {
        if (word.StartsWith('(') && word.EndsWith(')')) return EvalPipeline(word[1..^1], dot, scope);
        if (word.StartsWith('"')) return RegoString.From(Unquote(word));
        if (word.StartsWith('`')) return RegoString.From(word.Trim('`'));
        if (word == "true") return RegoBoolean.True;
        if (word == "false") return RegoBoolean.False;
        if (word == "nil") return RegoNull.Instance;
        if (word[0] is '-' or '+' or (>= '0' and <= '9'))
        {
            return RegoNumber.TryParse(word, out RegoNumber n) ? n : throw new FormatException($"template: bad number syntax: {word}");
        }
        RegoValue? current;
        string path;
        if (word.StartsWith('$'))
        {
            int dotAt = word.IndexOf('.', StringComparison.Ordinal);
            string name = dotAt < 0 ? word : word[..dotAt];
            if (!scope.Vars.TryGetValue(name, out current)) throw new FormatException($"template: undefined variable: {name}");
            path = dotAt < 0 ? string.Empty : word[dotAt..];
        }
        else if (word.StartsWith('.'))
        {
            current = dot;
            path = word;
        }
        else
        {
            throw new FormatException($"template: function {word} not defined");
        }
        foreach (string field in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            current = current is RegoObject o ? o[field] : null;
            if (current is null) return null;
        }
        return current;
    }

    private static RegoValue? CallFunction(string name, List<RegoValue?> args)
    {
        switch (name)
        {
            case "not":
                return RegoBoolean.From(!IsTrue(Arg(args, 0, name)));
            case "and":
                RegoValue? andResult = null;
                foreach (RegoValue? a in args)
                {
                    andResult = a;
                    if (!IsTrue(a)) break;
                }
                return andResult;
            case "or":
                RegoValue? orResult = null;
                foreach (RegoValue? a in args)
                {
                    orResult = a;
                    if (IsTrue(a)) break;
                }
                return orResult;
            case "len":
                return Arg(args, 0, name) switch
                {
                    RegoString s => RegoNumber.From(new StringInfoBytes(s.Value).Length),
                    RegoArray a => RegoNumber.From(a.Count),
                    RegoObject o => RegoNumber.From(o.Count),
                    RegoSet s => RegoNumber.From(s.Count),
                    var other => throw new FormatException($"template: len of type {other?.TypeName ?? "nil"}"),
                };
            case "index":
                RegoValue? target = Arg(args, 0, name);
                for (int i = 1; i < args.Count && target is not null; i++)
                {
                    target = Objects.Step(target, args[i] ?? RegoNull.Instance);
                }
                return target;
            case "print":
                return RegoString.From(string.Concat(args.Select(a => a is null ? "<undefined>" : Format(a))));
            case "printf":
                string format = Arg(args, 0, name) is RegoString f ? f.Value : throw new FormatException("template: printf format must be a string");
                return RegoString.From(GoFormat.Sprintf(format, args.Skip(1).Select(ToGoArgument).ToList()));
            case "eq":
                RegoValue? left = Arg(args, 0, name);
                return RegoBoolean.From(args.Skip(1).Any(a => Equals(left, a)));
            case "ne":
                return RegoBoolean.From(!Equals(Arg(args, 0, name), Arg(args, 1, name)));
            case "lt":
                return RegoBoolean.From(CompareArgs(args, name) < 0);
            case "le":
                return RegoBoolean.From(CompareArgs(args, name) <= 0);
            case "gt":
                return RegoBoolean.From(CompareArgs(args, name) > 0);
            case "ge":
                return RegoBoolean.From(CompareArgs(args, name) >= 0);
            default:
                throw new FormatException($"template: function \"{name}\" not defined");
        }
    }

    private static RegoValue? Arg(List<RegoValue?> args, int i, string name) =>
        i < args.Count ? args[i] : throw new FormatException($"template: wrong number of args for {name}");

    private static int CompareArgs(List<RegoValue?> args, string name)
    {
        RegoValue a = Arg(args, 0, name) ?? RegoNull.Instance;
        RegoValue b = Arg(args, 1, name) ?? RegoNull.Instance;
        if (a.Kind != b.Kind) throw new FormatException($"template: error calling {name}: incompatible types for comparison");
        return RegoValue.Compare(a, b);
    }

    private static object ToGoArgument(RegoValue? v) => v switch
    {
        RegoNumber n when n.TryGetInt64(out long l) => l,
        RegoNumber n when n.TryGetBigInteger(out BigInteger b) => b,
        RegoNumber n => n.ToDouble(),
        null => "<undefined>",
        _ => Format(v),
    };

    private static string Unquote(string quoted)
    {
        var sb = new StringBuilder();
        for (int i = 1; i < quoted.Length - 1; i++)
        {
            char c = quoted[i];
            if (c == '\\' && i + 1 < quoted.Length - 1)
            {
                char e = quoted[++i];
                sb.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => e });
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    /// <summary>Splits on a separator outside quotes and parentheses.</summary>
    private static List<string> SplitTopLevel(string s, char separator)
    {
        var parts = new List<string>();
        int depth = 0;
        char quote = '\0';
        int start = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (quote != '\0')
            {
                if (c == '\\' && quote == '"') i++;
                else if (c == quote) quote = '\0';
                continue;
            }
            if (c is '"' or '`') quote = c;
            else if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == separator && depth == 0)
            {
                parts.Add(s[start..i]);
                start = i + 1;
            }
        }
        parts.Add(s[start..]);
        return parts;
    }

    private static List<string> SplitWords(string s) =>
        SplitTopLevel(s.Replace('\t', ' ').Replace('\n', ' '), ' ').Where(w => w.Length > 0).ToList();

    /// <summary>Go's len of a string counts UTF-8 bytes.</summary>
    private readonly struct StringInfoBytes(string s)
    {
        public int Length { get; } = Encoding.UTF8.GetByteCount(s);
    }
}
