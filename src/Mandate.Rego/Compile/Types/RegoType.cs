using System.Text;
using Mandate.Rego.Values;

namespace Mandate.Rego.Compile.Types;

/// <summary>
/// A static type of OPA's type checker. A null <see cref="RegoType"/> reference means "not known yet"
/// (OPA prints it as <c>???</c>); <see cref="Any"/> means "could be anything". Composite types keep
/// what is known per position (static) and for everything else (dynamic), as OPA's do. ToString is
/// OPA's printed form, because error messages show types exactly as OPA prints them.
/// </summary>
internal abstract class RegoType
{
    public static readonly AnyType Any = new([]);
    public static readonly ScalarType Null = new("null", 0);
    public static readonly ScalarType Boolean = new("boolean", 1);
    public static readonly ScalarType Number = new("number", 2);
    public static readonly ScalarType String = new("string", 3);

    /// <summary>OPA's order of type kinds: null, boolean, number, string, array, object, set, any, function.</summary>
    public abstract int Order { get; }

    /// <summary>OPA's printed form.</summary>
    public abstract override string ToString();

    /// <summary>OPA's printed form of a possibly unknown type.</summary>
    public static string Print(RegoType? t) => t is null ? "???" : t.ToString();

    /// <summary>The type of a constant value.</summary>
    public static RegoType OfValue(RegoValue v) => v.Kind switch
    {
        ValueKind.Null => Null,
        ValueKind.Boolean => Boolean,
        ValueKind.Number => Number,
        ValueKind.String => String,
        ValueKind.Array => ArrayOf((RegoArray)v),
        ValueKind.Set => SetOf((RegoSet)v),
        _ => ObjectOf((RegoObject)v),
    };

    private static ArrayType ArrayOf(RegoArray a)
    {
        var items = new RegoType?[a.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = OfValue(a[i]);
        }

        return new ArrayType(items, items.Length == 0 ? Any : null);
    }

    private static SetType SetOf(RegoSet s)
    {
        RegoType? of = null;
        foreach (var e in s.Items)
        {
            of = TypeOps.Or(of, OfValue(e));
        }

        return new SetType(of ?? Any);
    }

    private static ObjectType ObjectOf(RegoObject o)
    {
        if (o.Count == 0)
        {
            return new ObjectType([], new DynamicProperty(Any, Any));
        }

        var props = new StaticProperty[o.Count];
        for (var i = 0; i < props.Length; i++)
        {
            props[i] = new StaticProperty(o.Keys[i], OfValue(o.Values[i]));
        }

        return new ObjectType(props, null);
    }
}

/// <summary>null, boolean, number or string.</summary>
internal sealed class ScalarType(string name, int order) : RegoType
{
    public override int Order { get; } = order;

    public override string ToString() => name;
}

/// <summary>OPA's <c>any</c> (no members) or <c>any&lt;…&gt;</c>, a union; members are sorted and distinct.</summary>
internal sealed class AnyType(RegoType[] of) : RegoType
{
    public RegoType[] Of { get; } = of;

    public bool IsAll => Of.Length == 0;

    public override int Order => 7;

    public override string ToString() => IsAll ? "any" : "any<" + string.Join(", ", Of.Select(Print)) + ">";
}

/// <summary>An array: types of the first positions (<c>array&lt;a, b&gt;</c>) and of any further ones (<c>array[t]</c>).</summary>
internal sealed class ArrayType(RegoType?[] @static, RegoType? dynamic) : RegoType
{
    public RegoType?[] Static { get; } = @static;

    public RegoType? Dynamic { get; } = dynamic;

    public override int Order => 4;

    /// <summary>The type at a position, or null when no element can be there.</summary>
    public RegoType? Select(int i) => i >= 0 && i < Static.Length ? Static[i] : Dynamic;

    public override string ToString()
    {
        var sb = new StringBuilder("array");
        if (Static.Length > 0)
        {
            sb.Append('<').AppendJoin(", ", Static.Select(Print)).Append('>');
        }

        if (Dynamic is not null)
        {
            sb.Append('[').Append(Print(Dynamic)).Append(']');
        }

        return sb.ToString();
    }
}

internal sealed record StaticProperty(RegoValue Key, RegoType? Value);

internal sealed record DynamicProperty(RegoType? Key, RegoType? Value);

/// <summary>An object: known keys (<c>object&lt;k: t&gt;</c>, sorted) and the type of other keys/values (<c>object[k: v]</c>).</summary>
internal sealed class ObjectType : RegoType
{
    public ObjectType(StaticProperty[] @static, DynamicProperty? dynamic)
    {
        Array.Sort(@static, (a, b) => RegoValue.Compare(a.Key, b.Key));
        Static = @static;
        Dynamic = dynamic;
    }

    public StaticProperty[] Static { get; }

    public DynamicProperty? Dynamic { get; }

    public override int Order => 5;

    /// <summary>The value type under a constant key, or null when no such key can exist.</summary>
    public RegoType? Select(RegoValue key)
    {
        foreach (var p in Static)
        {
            if (p.Key.Equals(key))
            {
                return p.Value;
            }
        }

        return Dynamic is not null && TypeOps.Contains(Dynamic.Key, OfValue(key)) ? Dynamic.Value : null;
    }

    public override string ToString()
    {
        var sb = new StringBuilder("object");
        if (Static.Length > 0)
        {
            sb.Append('<').AppendJoin(", ", Static.Select(p => KeyText(p.Key) + ": " + Print(p.Value))).Append('>');
        }

        if (Dynamic is not null)
        {
            sb.Append('[').Append(Print(Dynamic.Key)).Append(": ").Append(Print(Dynamic.Value)).Append(']');
        }

        return sb.ToString();
    }

    // OPA prints a static key as its Go value: a string without quotes, a number as written.
    private static string KeyText(RegoValue k) => k is RegoString s ? s.Value : k.ToString();
}

internal sealed class SetType(RegoType? of) : RegoType
{
    public RegoType? Of { get; } = of;

    public override int Order => 6;

    public override string ToString() => "set[" + Print(Of) + "]";
}

/// <summary>
/// A function or builtin: argument types and result type. Names (a builtin's declared parameter and
/// result names) only change how the <c>want:</c> line of an argument error prints.
/// </summary>
internal sealed class FunctionType(RegoType?[] args, RegoType? result, string?[]? argNames = null, string? resultName = null) : RegoType
{
    public RegoType?[] Args { get; } = args;

    public RegoType? Result { get; } = result;

    public override int Order => 8;

    /// <summary>OPA's <c>want:</c> text: the (named) arguments, then the (named) result when there is one and it is asked for.</summary>
    public string Want(bool includeResult = true)
    {
        var parts = new List<string>(Args.Length + 1);
        for (var i = 0; i < Args.Length; i++)
        {
            parts.Add(Named(argNames?[i], Args[i]));
        }

        if (Result is not null && includeResult)
        {
            parts.Add(Named(resultName, Result));
        }

        return "(" + string.Join(", ", parts) + ")";
    }

    private static string Named(string? name, RegoType? t) => name is null ? Print(t) : name + ": " + Print(t);

    public override string ToString() => "(" + string.Join(", ", Args.Select(Print)) + ") => " + Print(Result);
}
