namespace Mandate.Rego.Values;

/// <summary>
/// Element-wise operations shared by the composite values, which all store their contents as arrays:
/// arrays their items, sets their sorted elements, objects their sorted keys beside their values.
/// </summary>
internal static class ValueSequences
{
    /// <summary>OPA's order for sequences: element-wise, then the shorter first.</summary>
    public static int Compare(RegoValue[] a, RegoValue[] b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            var c = RegoValue.Compare(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    /// <summary>Element-wise equality of two sequences of the same length.</summary>
    public static bool ItemsEqual(RegoValue[] a, RegoValue[] b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            if (!a[i].Equals(b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The hash of a composite: its kind and its elements (with <paramref name="values"/>, each element's
    /// value right after it). Never 0, so 0 can mean "not computed yet" in the caching fields.
    /// </summary>
    public static int Hash(ValueKind kind, RegoValue[] items, RegoValue[]? values = null)
    {
        var hc = new HashCode();
        hc.Add((int)kind);
        for (var i = 0; i < items.Length; i++)
        {
            hc.Add(items[i].GetHashCode());
            if (values is not null)
            {
                hc.Add(values[i].GetHashCode());
            }
        }

        return hc.ToHashCode() | 1;
    }

    /// <summary>The index of <paramref name="value"/> in elements sorted in OPA's order, or -1.</summary>
    public static int BinarySearch(RegoValue[] sorted, RegoValue value)
    {
        var lo = 0;
        var hi = sorted.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = RegoValue.Compare(sorted[mid], value);
            if (c == 0)
            {
                return mid;
            }

            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return -1;
    }
}
