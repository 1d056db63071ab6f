using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>Aggregates over collections: count, sum, product, max, min, sort, all, any.</summary>
internal static class Aggregates
{
    [RegoBuiltin("count")]
    public static RegoValue Count(RegoValue collection) => collection switch
    {
        RegoArray a => RegoNumber.From(a.Count),
        RegoObject o => RegoNumber.From(o.Count),
        RegoSet s => RegoNumber.From(s.Count),
        // Strings count code points, as Go's utf8.RuneCountInString.
        RegoString s => RegoNumber.From(Strings.RuneStarts(s.Value).Length - 1),
        _ => throw Operands.TypeError(1, collection, "array", "object", "set", "string"),
    };

    [RegoBuiltin("sum")]
    public static RegoValue Sum(RegoValue collection)
    {
        RegoNumber total = RegoNumber.Zero;
        foreach (RegoNumber n in Numbers(collection)) total = RegoNumber.Add(total, n);
        return total;
    }

    [RegoBuiltin("product")]
    public static RegoValue Product(RegoValue collection)
    {
        RegoNumber total = RegoNumber.One;
        foreach (RegoNumber n in Numbers(collection)) total = RegoNumber.Multiply(total, n);
        return total;
    }

    /// <summary>The greatest element in OPA's total order; undefined for an empty collection.</summary>
    [RegoBuiltin("max")]
    public static RegoValue? Max(RegoValue collection)
    {
        ReadOnlySpan<RegoValue> items = Items(collection);
        RegoValue? best = null;
        foreach (RegoValue v in items)
        {
            if (best is null || RegoValue.Compare(v, best) > 0) best = v;
        }
        return best;
    }

    [RegoBuiltin("min")]
    public static RegoValue? Min(RegoValue collection)
    {
        ReadOnlySpan<RegoValue> items = Items(collection);
        RegoValue? best = null;
        foreach (RegoValue v in items)
        {
            if (best is null || RegoValue.Compare(v, best) < 0) best = v;
        }
        return best;
    }

    [RegoBuiltin("sort")]
    public static RegoValue Sort(RegoValue collection)
    {
        switch (collection)
        {
            case RegoSet s:
                // Sets already iterate in OPA's order.
                return RegoArray.From(s.Items);
            case RegoArray a:
                RegoValue[] items = a.Items.ToArray();
                System.Array.Sort(items, RegoValueComparer.Instance);
                return RegoArray.From(items);
            default:
                throw Operands.TypeError(1, collection, "array", "set");
        }
    }

    [RegoBuiltin("all", Deprecated = true)]
    public static RegoValue All(RegoValue collection)
    {
        foreach (RegoValue v in Items(collection))
        {
            if (!ReferenceEquals(v, RegoBoolean.True) && !v.Equals(RegoBoolean.True)) return RegoBoolean.False;
        }
        return RegoBoolean.True;
    }

    [RegoBuiltin("any", Deprecated = true)]
    public static RegoValue Any(RegoValue collection)
    {
        foreach (RegoValue v in Items(collection))
        {
            if (v.Equals(RegoBoolean.True)) return RegoBoolean.True;
        }
        return RegoBoolean.False;
    }

    private static ReadOnlySpan<RegoValue> Items(RegoValue collection) => collection switch
    {
        RegoArray a => a.Items,
        RegoSet s => s.Items,
        _ => throw Operands.TypeError(1, collection, "array", "set"),
    };

    private static List<RegoNumber> Numbers(RegoValue collection)
    {
        ReadOnlySpan<RegoValue> items = collection switch
        {
            RegoArray a => a.Items,
            RegoSet s => s.Items,
            _ => throw Operands.TypeError(1, collection, "set", "array"),
        };
        var result = new List<RegoNumber>(items.Length);
        foreach (RegoValue v in items)
        {
            result.Add(v as RegoNumber ?? throw Operands.ElementError(1, collection, v, "number"));
        }
        return result;
    }
}
