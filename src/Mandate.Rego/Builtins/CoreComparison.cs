using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>Comparison operators; they accept any two values and use OPA's total order.</summary>
internal static class CoreComparison
{
    [RegoBuiltin("equal")]
    public static RegoValue Equal(RegoValue a, RegoValue b) => RegoBoolean.From(a.Equals(b));

    [RegoBuiltin("neq")]
    public static RegoValue NotEqual(RegoValue a, RegoValue b) => RegoBoolean.From(!a.Equals(b));

    [RegoBuiltin("lt")]
    public static RegoValue LessThan(RegoValue a, RegoValue b) => RegoBoolean.From(RegoValue.Compare(a, b) < 0);

    [RegoBuiltin("lte")]
    public static RegoValue LessOrEqual(RegoValue a, RegoValue b) => RegoBoolean.From(RegoValue.Compare(a, b) <= 0);

    [RegoBuiltin("gt")]
    public static RegoValue GreaterThan(RegoValue a, RegoValue b) => RegoBoolean.From(RegoValue.Compare(a, b) > 0);

    [RegoBuiltin("gte")]
    public static RegoValue GreaterOrEqual(RegoValue a, RegoValue b) => RegoBoolean.From(RegoValue.Compare(a, b) >= 0);
}
