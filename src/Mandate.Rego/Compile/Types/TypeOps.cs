using Mandate.Rego.Values;

namespace Mandate.Rego.Compile.Types;

/// <summary>
/// The operations of OPA's type lattice the checker needs: union (<see cref="Or"/>), whether two types
/// can describe one value (<see cref="Unifies"/>), and what a reference step into a type yields
/// (<see cref="Keys"/>, <see cref="Values"/>, <see cref="Select"/>). Null stands for an unknown type
/// throughout and is handled as OPA handles its nil type.
/// </summary>
internal static class TypeOps
{
    /// <summary>The union of two types; unknown is the identity, <c>any</c> absorbs everything.</summary>
    public static RegoType? Or(RegoType? a, RegoType? b)
    {
        if (a is null)
        {
            return b;
        }

        if (b is null)
        {
            return a;
        }

        if (a is FunctionType fa && b is FunctionType fb)
        {
            return UnionFunctions(fa, fb);
        }

        if (a is FunctionType || b is FunctionType)
        {
            return null;
        }

        if (a is AnyType aa)
        {
            return b is AnyType ab ? UnionAny(aa, ab) : AddToAny(aa, b);
        }

        if (b is AnyType ba)
        {
            return AddToAny(ba, a);
        }

        var c = Compare(a, b);
        return c == 0 ? a : new AnyType(c < 0 ? [a, b] : [b, a]);
    }

    private static AnyType AddToAny(AnyType a, RegoType t)
    {
        if (a.IsAll || Contains(a, t))
        {
            return a;
        }

        return new AnyType([.. a.Of.Append(t).Order(Comparer)]);
    }

    private static AnyType UnionAny(AnyType a, AnyType b)
    {
        if (a.IsAll || b.IsAll)
        {
            return RegoType.Any;
        }

        var all = a.Of.Concat(b.Of).Order(Comparer).ToList();
        all = all.Where((t, i) => i == 0 || Compare(all[i - 1], t) != 0).ToList();
        return new AnyType([.. all]);
    }

    private static FunctionType? UnionFunctions(FunctionType a, FunctionType b)
    {
        if (a.Args.Length != b.Args.Length)
        {
            return null;
        }

        var args = new RegoType?[a.Args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = Or(a.Args[i], b.Args[i]);
        }

        return new FunctionType(args, Or(a.Result, b.Result));
    }

    /// <summary>True when <paramref name="el"/> is one of the types <paramref name="collection"/> stands for.</summary>
    public static bool Contains(RegoType? collection, RegoType? el)
    {
        if (Compare(collection, el) == 0)
        {
            return true;
        }

        if (collection is not AnyType any)
        {
            return false;
        }

        if (any.IsAll)
        {
            return true;
        }

        if (el is AnyType elAny)
        {
            return elAny.Of.All(e => Contains(any, e));
        }

        return any.Of.Any(m => Contains(m, el));
    }

    /// <summary>True when some value has both types (OPA's <c>unifies</c>); unknown unifies with nothing.</summary>
    public static bool Unifies(RegoType? a, RegoType? b)
    {
        if (a is null || b is null)
        {
            return false;
        }

        if (a is AnyType aa && UnifiesAny(aa, b))
        {
            return true;
        }

        if (b is AnyType ba && UnifiesAny(ba, a))
        {
            return true;
        }

        if (a is AnyType || b is AnyType)
        {
            return false;
        }

        return a switch
        {
            ScalarType => ReferenceEquals(a, b),
            ArrayType x => b is ArrayType y && UnifiesArrays(x, y),
            ObjectType x => b is ObjectType y && UnifiesObjects(x, y),
            SetType x => b is SetType y && Unifies(x.Of, y.Of),
            FunctionType x => b is FunctionType y && x.Args.Length == y.Args.Length && x.Args.Zip(y.Args).All(p => Unifies(p.First, p.Second)),
            _ => false,
        };
    }

    private static bool UnifiesAny(AnyType a, RegoType b) =>
        b is not FunctionType && (a.IsAll || a.Of.Any(m => Unifies(m, b)));

    private static bool UnifiesArrays(ArrayType a, ArrayType b)
    {
        for (var i = 0; i < a.Static.Length; i++)
        {
            if (!Unifies(a.Static[i], b.Select(i)))
            {
                return false;
            }
        }

        for (var i = 0; i < b.Static.Length; i++)
        {
            if (!Unifies(b.Static[i], a.Select(i)))
            {
                return false;
            }
        }

        return a.Dynamic is null || b.Dynamic is null || Unifies(a.Dynamic, b.Dynamic);
    }

    private static bool UnifiesObjects(ObjectType a, ObjectType b)
    {
        foreach (var p in a.Static)
        {
            if (!Unifies(p.Value, b.Select(p.Key)))
            {
                return false;
            }
        }

        foreach (var p in b.Static)
        {
            if (!Unifies(p.Value, a.Select(p.Key)))
            {
                return false;
            }
        }

        return a.Dynamic?.Value is null || b.Dynamic?.Value is null || Unifies(a.Dynamic.Value, b.Dynamic.Value);
    }

    /// <summary>The type of the keys a reference step can use on a value of this type (null: none).</summary>
    public static RegoType? Keys(RegoType? t)
    {
        switch (t)
        {
            case ArrayType:
                return RegoType.Number;
            case ObjectType o:
                RegoType? k = null;
                foreach (var p in o.Static)
                {
                    k = Or(k, RegoType.OfValue(p.Key));
                }

                return o.Dynamic is null ? k : Or(k, o.Dynamic.Key);
            case SetType s:
                return s.Of;
            case AnyType a:
                return a.IsAll ? RegoType.Any : a.Of.Aggregate((RegoType?)null, (acc, m) => Or(Keys(m), acc));
            default:
                return null;
        }
    }

    /// <summary>The type of what a reference step with a non-constant key yields (null: nothing).</summary>
    public static RegoType? Values(RegoType? t)
    {
        switch (t)
        {
            case ArrayType a:
                return Or(a.Static.Aggregate((RegoType?)null, Or), a.Dynamic);
            case ObjectType o:
                var v = o.Static.Aggregate((RegoType?)null, (acc, p) => Or(acc, p.Value));
                return o.Dynamic is null ? v : Or(v, o.Dynamic.Value);
            case SetType s:
                return s.Of;
            case AnyType a:
                return a.IsAll ? RegoType.Any : a.Of.Aggregate((RegoType?)null, (acc, m) => Or(Values(m), acc));
            default:
                return null;
        }
    }

    /// <summary>The type a reference step with a constant key yields (null: no value can be there).</summary>
    public static RegoType? Select(RegoType? t, RegoValue key)
    {
        switch (t)
        {
            case ArrayType a:
                if (key is not RegoNumber n)
                {
                    return null;
                }

                // Only an integral index can select; anything else selects nothing, as in OPA.
                return n.TryGetInt32(out var i) ? a.Select(i) : a.Dynamic;
            case ObjectType o:
                return o.Select(key);
            case SetType s:
                return Unifies(s.Of, RegoType.OfValue(key)) ? s.Of : null;
            case AnyType any:
                return any.IsAll ? RegoType.Any : any.Of.Aggregate((RegoType?)null, (acc, m) => Or(Select(m, key), acc));
            default:
                return null;
        }
    }

    /// <summary>True when the type is unknown or contains an unknown part (OPA's <c>types.Nil</c>).</summary>
    public static bool Nil(RegoType? t) => t switch
    {
        null => true,
        ArrayType a => a.Static.Any(Nil) || (a.Dynamic is not null && Nil(a.Dynamic)),
        ObjectType o => o.Static.Any(p => Nil(p.Value)) || (o.Dynamic is not null && (Nil(o.Dynamic.Key) || Nil(o.Dynamic.Value))),
        SetType s => Nil(s.Of),
        FunctionType f => f.Args.Any(Nil) || Nil(f.Result),
        _ => false,
    };

    private static readonly Comparer<RegoType> Comparer = Comparer<RegoType>.Create((a, b) => Compare(a, b));

    /// <summary>OPA's total order of types (kind first, then structure); unknown sorts first.</summary>
    public static int Compare(RegoType? a, RegoType? b)
    {
        if (a is null || b is null)
        {
            return a is null ? (b is null ? 0 : -1) : 1;
        }

        if (a.Order != b.Order)
        {
            return a.Order.CompareTo(b.Order);
        }

        switch (a)
        {
            case ArrayType x:
                var y = (ArrayType)b;
                var c = CompareAll(x.Static, y.Static);
                return c != 0 ? c : Compare(x.Dynamic, y.Dynamic);
            case ObjectType ox:
                return CompareObjects(ox, (ObjectType)b);
            case SetType sx:
                return Compare(sx.Of, ((SetType)b).Of);
            case AnyType ax:
                return CompareAll(ax.Of, ((AnyType)b).Of);
            case FunctionType fx:
                var fy = (FunctionType)b;
                var fc = CompareAll(fx.Args, fy.Args);
                return fc != 0 ? fc : Compare(fx.Result, fy.Result);
            default:
                return 0;
        }
    }

    private static int CompareObjects(ObjectType a, ObjectType b)
    {
        for (var i = 0; i < a.Static.Length && i < b.Static.Length; i++)
        {
            var c = RegoValue.Compare(a.Static[i].Key, b.Static[i].Key);
            if (c == 0)
            {
                c = Compare(a.Static[i].Value, b.Static[i].Value);
            }

            if (c != 0)
            {
                return c;
            }
        }

        if (a.Static.Length != b.Static.Length)
        {
            return a.Static.Length.CompareTo(b.Static.Length);
        }

        if (a.Dynamic is null || b.Dynamic is null)
        {
            return a.Dynamic is null ? (b.Dynamic is null ? 0 : -1) : 1;
        }

        var k = Compare(a.Dynamic.Key, b.Dynamic.Key);
        return k != 0 ? k : Compare(a.Dynamic.Value, b.Dynamic.Value);
    }

    private static int CompareAll(RegoType?[] a, RegoType?[] b)
    {
        for (var i = 0; i < a.Length && i < b.Length; i++)
        {
            var c = Compare(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length.CompareTo(b.Length);
    }
}
