using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>Array builtins: array.concat, array.slice, array.reverse, array.flatten.</summary>
internal static class Arrays
{
    [RegoBuiltin("array.concat")]
    public static RegoValue Concat(BuiltinContext ctx, RegoValue a, RegoValue b)
    {
        RegoArray left = Operands.Array(a, 1);
        RegoArray right = Operands.Array(b, 2);
        if (left.Count == 0) return right;
        if (right.Count == 0) return left;
        ctx.ChargeOutput(left.Count + (long)right.Count);
        var items = new RegoValue[left.Count + right.Count];
        left.Items.CopyTo(items);
        right.Items.CopyTo(items.AsSpan(left.Count));
        return RegoArray.From(items);
    }

    /// <summary>Indices are clamped to the array, and an inverted range gives an empty array (as OPA).</summary>
    [RegoBuiltin("array.slice")]
    public static RegoValue Slice(RegoValue a, RegoValue start, RegoValue stop)
    {
        RegoArray array = Operands.Array(a, 1);
        int from = Operands.Int(start, 2);
        int to = Operands.Int(stop, 3);
        if (from < 0) from = 0;
        if (to > array.Count) to = array.Count;
        if (from >= to) return RegoArray.Empty;
        return RegoArray.From(array.Items[from..to]);
    }

    [RegoBuiltin("array.reverse")]
    public static RegoValue Reverse(RegoValue a)
    {
        RegoArray array = Operands.Array(a, 1);
        var items = array.Items.ToArray();
        System.Array.Reverse(items);
        return RegoArray.From(items);
    }

    /// <summary>Flattens one level: nested arrays' elements are spliced in, deeper nesting stays.</summary>
    [RegoBuiltin("array.flatten")]
    public static RegoValue Flatten(BuiltinContext ctx, RegoValue a)
    {
        RegoArray array = Operands.Array(a, 1);
        var items = new List<RegoValue>(array.Count);
        foreach (RegoValue v in array.Items)
        {
            if (v is RegoArray inner) items.AddRange(inner.Items);
            else items.Add(v);
        }
        ctx.ChargeOutput(items.Count);
        return RegoArray.From(items);
    }
}
