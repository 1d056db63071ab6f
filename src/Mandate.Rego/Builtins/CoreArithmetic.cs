using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>The arithmetic operators (<c>+ - * / %</c>) and set operators (<c>| &amp; -</c>) of the language.</summary>
internal static class CoreArithmetic
{
    [RegoBuiltin("plus")]
    public static RegoValue Plus(RegoValue a, RegoValue b) =>
        Operands.Number(a, 1) + Operands.Number(b, 2);

    [RegoBuiltin("mul")]
    public static RegoValue Mul(RegoValue a, RegoValue b) =>
        Operands.Number(a, 1) * Operands.Number(b, 2);

    /// <summary>Number subtraction or set difference; the operand errors follow OPA's order of checks.</summary>
    [RegoBuiltin("minus")]
    public static RegoValue Minus(RegoValue a, RegoValue b)
    {
        if (a is RegoNumber n1 && b is RegoNumber n2)
        {
            return n1 - n2;
        }

        if (a is RegoSet s1 && b is RegoSet s2)
        {
            return s1.Except(s2);
        }

        if (a is not RegoNumber && a is not RegoSet)
        {
            throw Operands.TypeError(1, a, "number", "set");
        }

        throw a is RegoSet ? Operands.TypeError(2, b, "set") : Operands.TypeError(2, b, "number");
    }

    [RegoBuiltin("div")]
    public static RegoValue Div(RegoValue a, RegoValue b)
    {
        var x = Operands.Number(a, 1);
        var y = Operands.Number(b, 2);
        if (y.Sign == 0)
        {
            throw new BuiltinException("divide by zero");
        }

        return x / y;
    }

    [RegoBuiltin("rem")]
    public static RegoValue Rem(RegoValue a, RegoValue b)
    {
        var x = Operands.Number(a, 1);
        var y = Operands.Number(b, 2);
        if (!x.IsInteger || !y.IsInteger)
        {
            throw new BuiltinException("modulo on floating-point number");
        }

        if (y.Sign == 0)
        {
            throw new BuiltinException("modulo by zero");
        }

        return x % y;
    }

    [RegoBuiltin("or")]
    public static RegoValue Union(RegoValue a, RegoValue b) =>
        Operands.Set(a, 1).Union(Operands.Set(b, 2));

    [RegoBuiltin("and")]
    public static RegoValue Intersection(RegoValue a, RegoValue b) =>
        Operands.Set(a, 1).Intersect(Operands.Set(b, 2));
}
