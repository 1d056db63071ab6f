using System.Numerics;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>
/// Operand conversions with OPA's exact wording. Positions are 1-based like OPA's ("operand 1 …").
/// Each helper throws <see cref="BuiltinTypeException"/>, which the invoker reports as
/// <c>eval_type_error</c> prefixed by the builtin name.
/// </summary>
public static class Operands
{
    /// <summary>"operand N must be T but got U" / "operand N must be one of {T1, T2} but got U".</summary>
    public static BuiltinTypeException TypeError(int pos, RegoValue got, params string[] expected) =>
        expected.Length == 1
            ? new BuiltinTypeException($"operand {pos} must be {expected[0]} but got {got.TypeName}")
            : new BuiltinTypeException($"operand {pos} must be one of {{{string.Join(", ", expected)}}} but got {got.TypeName}");

    /// <summary>"operand N must be array of strings but got array containing number".</summary>
    public static BuiltinTypeException ElementError(int pos, RegoValue composite, RegoValue got, params string[] expected)
    {
        var tpe = composite.TypeName;
        return expected.Length == 1
            ? new BuiltinTypeException($"operand {pos} must be {tpe} of {expected[0]}s but got {tpe} containing {got.TypeName}")
            : new BuiltinTypeException($"operand {pos} must be {tpe} of (any of) {{{string.Join(", ", expected)}}} but got {tpe} containing {got.TypeName}");
    }

    /// <summary>"operand N must be X" / "operand N must be one of {X, Y}".</summary>
    public static BuiltinTypeException EnumError(int pos, params string[] expected) =>
        expected.Length == 1
            ? new BuiltinTypeException($"operand {pos} must be {expected[0]}")
            : new BuiltinTypeException($"operand {pos} must be one of {{{string.Join(", ", expected)}}}");

    /// <summary>"operand N " followed by <paramref name="message"/>.</summary>
    public static BuiltinTypeException Error(int pos, string message) => new($"operand {pos} {message}");

    public static string String(RegoValue v, int pos) =>
        v is RegoString s ? s.Value : throw TypeError(pos, v, "string");

    public static RegoNumber Number(RegoValue v, int pos) =>
        v as RegoNumber ?? throw TypeError(pos, v, "number");

    public static bool Boolean(RegoValue v, int pos) =>
        v is RegoBoolean b ? b.Value : throw TypeError(pos, v, "boolean");

    public static RegoArray Array(RegoValue v, int pos) =>
        v as RegoArray ?? throw TypeError(pos, v, "array");

    public static RegoObject Object(RegoValue v, int pos) =>
        v as RegoObject ?? throw TypeError(pos, v, "object");

    public static RegoSet Set(RegoValue v, int pos) =>
        v as RegoSet ?? throw TypeError(pos, v, "set");

    /// <summary>An integer operand that fits an int (OPA's IntOperand).</summary>
    public static int Int(RegoValue v, int pos)
    {
        var n = v as RegoNumber ?? throw TypeError(pos, v, "number");
        if (n.TryGetInt32(out var i))
        {
            return i;
        }

        throw Error(pos, "must be integer number but got floating-point number");
    }

    /// <summary>An integer operand of any size (OPA's BigIntOperand, whose type name is "integer").</summary>
    public static BigInteger BigInt(RegoValue v, int pos)
    {
        var n = v as RegoNumber ?? throw TypeError(pos, v, "integer");
        if (n.TryGetBigInteger(out var i))
        {
            return i;
        }

        throw Error(pos, "must be integer number but got floating-point number");
    }

    /// <summary>An array whose elements are all strings (OPA's StringSliceOperand).</summary>
    public static string[] StringArray(RegoValue v, int pos)
    {
        var a = Array(v, pos);
        var result = new string[a.Count];
        for (var i = 0; i < a.Count; i++)
        {
            result[i] = a[i] is RegoString s ? s.Value : throw ElementError(pos, v, a[i], "[]string");
        }

        return result;
    }
}
