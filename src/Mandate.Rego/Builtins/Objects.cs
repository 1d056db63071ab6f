using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>Object builtins: object.get/keys/union/union_n/remove/filter/subset.</summary>
internal static class Objects
{
    [RegoBuiltin("object.get")]
    public static RegoValue Get(RegoValue obj, RegoValue key, RegoValue fallback)
    {
        RegoObject o = Operands.Object(obj, 1);
        if (key is not RegoArray path)
        {
            return o[key] ?? fallback;
        }
        if (path.Count == 0) return obj;
        RegoValue current = o;
        foreach (RegoValue step in path.Items)
        {
            RegoValue? next = Step(current, step);
            if (next is null) return fallback;
            current = next;
        }
        return current;
    }

    /// <summary>One step of a path: object key, array index, or set member.</summary>
    internal static RegoValue? Step(RegoValue current, RegoValue step) => current switch
    {
        RegoObject o => o[step],
        RegoArray a when step is RegoNumber n && n.TryGetInt32(out int i) && i >= 0 && i < a.Count => a[i],
        RegoSet s when s.Contains(step) => step,
        _ => null,
    };

    [RegoBuiltin("object.keys")]
    public static RegoValue Keys(RegoValue obj) => RegoSet.From(Operands.Object(obj, 1).Keys);

    [RegoBuiltin("object.union")]
    public static RegoValue Union(RegoValue a, RegoValue b)
    {
        RegoObject left = Operands.Object(a, 1);
        RegoObject right = Operands.Object(b, 2);
        return MergeWithOverwrite(left, right);
    }

    [RegoBuiltin("object.union_n")]
    public static RegoValue UnionN(RegoValue objects)
    {
        RegoArray array = Operands.Array(objects, 1);
        RegoObject result = RegoObject.Empty;
        foreach (RegoValue item in array.Items)
        {
            if (item is not RegoObject o) throw Operands.ElementError(1, array, item, "object");
            result = MergeWithOverwrite(result, o);
        }
        return result;
    }

    /// <summary>Right wins, except that two objects under the same key merge recursively.</summary>
    internal static RegoObject MergeWithOverwrite(RegoObject left, RegoObject right)
    {
        if (left.Count == 0) return right;
        if (right.Count == 0 || left.Equals(right)) return left;
        RegoObject.Builder builder = left.ToBuilder();
        for (int i = 0; i < right.Count; i++)
        {
            RegoValue k = right.Keys[i];
            RegoValue v = right.Values[i];
            if (builder.TryGetValue(k, out RegoValue? existing) && existing is RegoObject eo && v is RegoObject vo)
            {
                builder.Set(k, MergeWithOverwrite(eo, vo));
            }
            else
            {
                builder.Set(k, v);
            }
        }
        return builder.Build();
    }

    [RegoBuiltin("object.remove")]
    public static RegoValue Remove(RegoValue obj, RegoValue keys)
    {
        RegoObject o = Operands.Object(obj, 1);
        RegoSet remove = KeySet(keys);
        var kept = new List<KeyValuePair<RegoValue, RegoValue>>(o.Count);
        for (int i = 0; i < o.Count; i++)
        {
            if (!remove.Contains(o.Keys[i])) kept.Add(new(o.Keys[i], o.Values[i]));
        }
        return kept.Count == o.Count ? o : RegoObject.From(kept);
    }

    [RegoBuiltin("object.filter")]
    public static RegoValue Filter(RegoValue obj, RegoValue keys)
    {
        RegoObject o = Operands.Object(obj, 1);
        RegoSet keep = KeySet(keys);
        var kept = new List<KeyValuePair<RegoValue, RegoValue>>();
        for (int i = 0; i < o.Count; i++)
        {
            if (keep.Contains(o.Keys[i])) kept.Add(new(o.Keys[i], o.Values[i]));
        }
        return RegoObject.From(kept);
    }

    private static RegoSet KeySet(RegoValue keys) => keys switch
    {
        RegoArray a => RegoSet.From(a.Items),
        RegoSet s => s,
        RegoObject o => RegoSet.From(o.Keys),
        _ => throw Operands.TypeError(2, keys, "object", "set", "array"),
    };

    [RegoBuiltin("object.subset")]
    public static RegoValue Subset(RegoValue super, RegoValue sub) => (super, sub) switch
    {
        (RegoObject a, RegoObject b) => RegoBoolean.From(ObjectSubset(a, b)),
        (RegoSet a, RegoSet b) => RegoBoolean.From(SetSubset(a, b)),
        (RegoArray a, RegoArray b) => RegoBoolean.From(ArraySubset(a, b)),
        (RegoArray a, RegoSet b) => RegoBoolean.From(ArraySetSubset(a, b)),
        _ => throw new BuiltinTypeException("both arguments object.subset must be of the same type or array and set"),
    };

    private static bool ObjectSubset(RegoObject super, RegoObject sub)
    {
        for (int i = 0; i < sub.Count; i++)
        {
            RegoValue? superValue = super[sub.Keys[i]];
            RegoValue subValue = sub.Values[i];
            if (superValue is null) return false;
            if (subValue.Equals(superValue)) continue;
            bool ok = (superValue, subValue) switch
            {
                (RegoObject a, RegoObject b) => ObjectSubset(a, b),
                (RegoSet a, RegoSet b) => SetSubset(a, b),
                (RegoArray a, RegoArray b) => ArraySubset(a, b),
                _ => false,
            };
            if (!ok) return false;
        }
        return true;
    }

    private static bool SetSubset(RegoSet super, RegoSet sub)
    {
        foreach (RegoValue v in sub.Items)
        {
            if (!super.Contains(v)) return false;
        }
        return true;
    }

    /// <summary>The whole sub array appears contiguously in the super array.</summary>
    private static bool ArraySubset(RegoArray super, RegoArray sub)
    {
        if (sub.Count > super.Count) return false;
        for (int start = 0; start + sub.Count <= super.Count; start++)
        {
            bool all = true;
            for (int j = 0; j < sub.Count && all; j++) all = super[start + j].Equals(sub[j]);
            if (all) return true;
        }
        return false;
    }

    /// <summary>
    /// OPA counts array elements found in the set until the count of set members is reached, so an empty
    /// array is never a superset (even of the empty set) and repeated elements count more than once.
    /// </summary>
    private static bool ArraySetSubset(RegoArray super, RegoSet sub)
    {
        int unmatched = sub.Count;
        foreach (RegoValue v in super.Items)
        {
            if (sub.Contains(v)) unmatched--;
            if (unmatched <= 0) return true;
        }
        return false;
    }
}
