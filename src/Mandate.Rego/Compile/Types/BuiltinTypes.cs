using Mandate.Rego.Values;

namespace Mandate.Rego.Compile.Types;

/// <summary>
/// OPA's declared types of its builtins, read from <c>builtin-types.txt</c> (embedded), which holds each
/// declaration in OPA's printed form (<c>count(collection: any&lt;string, array[any], object[any: any],
/// set[any]&gt;) =&gt; n: number</c>). Keeping OPA's text as data means the <c>want:</c> line of a type
/// error is OPA's declaration verbatim, and a builtin is added by adding its line. A builtin without a
/// line is not type-checked (its result is <c>any</c>).
/// </summary>
internal static class BuiltinTypes
{
    private static readonly Lazy<Dictionary<string, FunctionType>> Table = new(Load);

    public static FunctionType? Get(string name) => Table.Value.GetValueOrDefault(name);

    private static Dictionary<string, FunctionType> Load()
    {
        using var stream = typeof(BuiltinTypes).Assembly.GetManifestResourceStream("Mandate.Rego.Compile.Types.builtin-types.txt")
            ?? throw new InvalidOperationException("The builtin type declarations resource is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var table = new Dictionary<string, FunctionType>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                var (name, type) = Parse(line);
                table[name] = type;
            }
        }

        return table;
    }

    /// <summary>Parses one declaration; throws <see cref="FormatException"/> naming the line and position.</summary>
    internal static (string Name, FunctionType Type) Parse(string decl)
    {
        var p = new DeclParser(decl);
        return p.Declaration();
    }

    private sealed class DeclParser(string text)
    {
        private int _pos;

        public (string, FunctionType) Declaration()
        {
            var open = text.IndexOf('(', StringComparison.Ordinal);
            if (open <= 0)
            {
                throw Fail("a builtin name followed by '('");
            }

            var name = text[..open];
            _pos = open + 1;
            var args = new List<RegoType?>();
            var names = new List<string?>();
            while (!Eat(")"))
            {
                if (args.Count > 0)
                {
                    Expect(", ");
                }

                names.Add(ParamName());
                args.Add(Type());
            }

            Expect(" =>");
            RegoType? result = null;
            string? resultName = null;
            if (Eat(" ") && _pos < text.Length)
            {
                resultName = ParamName();
                result = Type();
            }

            if (_pos != text.Length)
            {
                throw Fail("the end of the declaration");
            }

            return (name, new FunctionType([.. args], result, names.Any(n => n is not null) ? [.. names] : null, resultName));
        }

        /// <summary>A parameter name is any run of letters, digits, '_' or ' ' followed by ": ".</summary>
        private string? ParamName()
        {
            var end = _pos;
            while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] is '_' or ' '))
            {
                end++;
            }

            if (end + 1 < text.Length && text[end] == ':' && text[end + 1] == ' ')
            {
                var name = text[_pos..end];
                _pos = end + 2;
                return name;
            }

            return null;
        }

        private RegoType Type()
        {
            if (Eat("any"))
            {
                return Eat("<") ? new AnyType([.. List(">")]) : RegoType.Any;
            }

            if (Eat("null"))
            {
                return RegoType.Null;
            }

            if (Eat("boolean"))
            {
                return RegoType.Boolean;
            }

            if (Eat("number"))
            {
                return RegoType.Number;
            }

            if (Eat("string"))
            {
                return RegoType.String;
            }

            if (Eat("set["))
            {
                var of = Type();
                Expect("]");
                return new SetType(of);
            }

            if (Eat("array"))
            {
                RegoType?[] items = Eat("<") ? [.. List(">")] : [];
                RegoType? dynamic = null;
                if (Eat("["))
                {
                    dynamic = Type();
                    Expect("]");
                }

                return new ArrayType(items, dynamic);
            }

            if (Eat("object"))
            {
                return Object();
            }

            throw Fail("a type");
        }

        private ObjectType Object()
        {
            var props = new List<StaticProperty>();
            if (Eat("<"))
            {
                while (!Eat(">"))
                {
                    if (props.Count > 0)
                    {
                        Expect(", ");
                    }

                    var key = ParamName() ?? throw Fail("a property name");
                    props.Add(new StaticProperty(RegoString.From(key), Type()));
                }
            }

            DynamicProperty? dynamic = null;
            if (Eat("["))
            {
                var k = Type();
                Expect(": ");
                var v = Type();
                Expect("]");
                dynamic = new DynamicProperty(k, v);
            }

            return new ObjectType([.. props], dynamic);
        }

        private List<RegoType> List(string close)
        {
            var items = new List<RegoType>();
            while (!Eat(close))
            {
                if (items.Count > 0)
                {
                    Expect(", ");
                }

                items.Add(Type());
            }

            return items;
        }

        private bool Eat(string s)
        {
            if (string.CompareOrdinal(text, _pos, s, 0, s.Length) == 0)
            {
                _pos += s.Length;
                return true;
            }

            return false;
        }

        private void Expect(string s)
        {
            if (!Eat(s))
            {
                throw Fail($"'{s}'");
            }
        }

        private FormatException Fail(string expected) =>
            new($"builtin type declaration '{text}': expected {expected} at position {_pos}");
    }
}
