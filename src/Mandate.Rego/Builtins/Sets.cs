using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>Set builtins over a set of sets: intersection and union.</summary>
internal static class Sets
{
    [RegoBuiltin("intersection")]
    public static RegoValue Intersection(RegoValue sets)
    {
        RegoSet outer = Operands.Set(sets, 1);
        RegoSet? result = null;
        foreach (RegoValue item in outer.Items)
        {
            if (item is not RegoSet s) throw Operands.ElementError(1, outer, item, "set");
            result = result is null ? s : result.Intersect(s);
        }
        return result ?? RegoSet.Empty;
    }

    [RegoBuiltin("union")]
    public static RegoValue Union(RegoValue sets)
    {
        RegoSet outer = Operands.Set(sets, 1);
        RegoSet result = RegoSet.Empty;
        foreach (RegoValue item in outer.Items)
        {
            if (item is not RegoSet s) throw Operands.ElementError(1, outer, item, "set");
            result = result.Union(s);
        }
        return result;
    }

    /// <summary>Deprecated spelling of <c>a - b</c> on sets.</summary>
    [RegoBuiltin("set_diff", Deprecated = true)]
    public static RegoValue SetDiff(RegoValue a, RegoValue b) => Operands.Set(a, 1).Except(Operands.Set(b, 2));
}
