using System.Text.RegularExpressions;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>to_number and the deprecated cast_* builtins.</summary>
internal static partial class Casts
{
    [RegoBuiltin("to_number")]
    public static RegoValue ToNumber(RegoValue v)
    {
        switch (v)
        {
            case RegoNull:
                return RegoNumber.Zero;
            case RegoBoolean b:
                return b.Value ? RegoNumber.One : RegoNumber.Zero;
            case RegoNumber:
                return v;
            case RegoString s:
                string text = s.Value;
                // Go's ParseFloat would accept inf/nan; OPA refuses them as a type error.
                string bare = text.TrimStart('+', '-');
                if (bare.Equals("inf", StringComparison.OrdinalIgnoreCase)
                    || bare.Equals("infinity", StringComparison.OrdinalIgnoreCase)
                    || bare.Equals("nan", StringComparison.OrdinalIgnoreCase))
                {
                    throw Operands.TypeError(1, v, "valid number string");
                }
                if (!DecimalSyntax().IsMatch(text) || !RegoNumber.TryParse(text.TrimStart('+'), out RegoNumber n))
                {
                    throw new BuiltinException($"strconv.ParseFloat: parsing {Go.GoQuote.Quote(text)}: invalid syntax");
                }
                return n;
            default:
                throw Operands.TypeError(1, v, "null", "boolean", "number", "string");
        }
    }

    [RegoBuiltin("cast_array", Deprecated = true)]
    public static RegoValue CastArray(RegoValue v) => v switch
    {
        RegoArray => v,
        RegoSet s => RegoArray.From(s.Items),
        _ => throw Operands.TypeError(1, v, "array", "set"),
    };

    [RegoBuiltin("cast_set", Deprecated = true)]
    public static RegoValue CastSet(RegoValue v) => v switch
    {
        RegoSet => v,
        RegoArray a => RegoSet.From(a.Items),
        _ => throw Operands.TypeError(1, v, "array", "set"),
    };

    [RegoBuiltin("cast_string", Deprecated = true)]
    public static RegoValue CastString(RegoValue v) => v is RegoString ? v : throw Operands.TypeError(1, v, "string");

    [RegoBuiltin("cast_boolean", Deprecated = true)]
    public static RegoValue CastBoolean(RegoValue v) => v is RegoBoolean ? v : throw Operands.TypeError(1, v, "boolean");

    [RegoBuiltin("cast_null", Deprecated = true)]
    public static RegoValue CastNull(RegoValue v) => v is RegoNull ? v : throw Operands.TypeError(1, v, "null");

    [RegoBuiltin("cast_object", Deprecated = true)]
    public static RegoValue CastObject(RegoValue v) => v is RegoObject ? v : throw Operands.TypeError(1, v, "object");

    [GeneratedRegex(@"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalSyntax();
}
