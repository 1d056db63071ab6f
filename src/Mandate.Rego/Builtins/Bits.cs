using System.Numerics;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>Bitwise builtins on integers of any size (two's complement semantics, like Go's big.Int).</summary>
internal static class Bits
{
    /// <summary>Largest shift accepted; beyond it the result would be megabytes of digits.</summary>
    private const int MaxShift = 1 << 20;

    [RegoBuiltin("bits.or")]
    public static RegoValue Or(RegoValue a, RegoValue b) => RegoNumber.From(Operands.BigInt(a, 1) | Operands.BigInt(b, 2));

    [RegoBuiltin("bits.and")]
    public static RegoValue And(RegoValue a, RegoValue b) => RegoNumber.From(Operands.BigInt(a, 1) & Operands.BigInt(b, 2));

    [RegoBuiltin("bits.xor")]
    public static RegoValue Xor(RegoValue a, RegoValue b) => RegoNumber.From(Operands.BigInt(a, 1) ^ Operands.BigInt(b, 2));

    [RegoBuiltin("bits.negate")]
    public static RegoValue Negate(RegoValue a) => RegoNumber.From(-Operands.BigInt(a, 1) - 1);

    [RegoBuiltin("bits.lsh")]
    public static RegoValue ShiftLeft(BuiltinContext ctx, RegoValue a, RegoValue s)
    {
        BigInteger x = Operands.BigInt(a, 1);
        int shift = Shift(s);
        ctx.ChargeOutput(shift / 64);
        return RegoNumber.From(x << shift);
    }

    [RegoBuiltin("bits.rsh")]
    public static RegoValue ShiftRight(RegoValue a, RegoValue s)
    {
        BigInteger x = Operands.BigInt(a, 1);
        BigInteger shift = Operands.BigInt(s, 2);
        if (shift.Sign < 0) throw Operands.Error(2, "must be an unsigned integer number but got a negative integer");
        return RegoNumber.From(shift > int.MaxValue ? (x.Sign < 0 ? BigInteger.MinusOne : BigInteger.Zero) : x >> (int)shift);
    }

    private static int Shift(RegoValue s)
    {
        BigInteger shift = Operands.BigInt(s, 2);
        if (shift.Sign < 0) throw Operands.Error(2, "must be an unsigned integer number but got a negative integer");
        if (shift > MaxShift) throw new BuiltinException($"shift of {shift} bits exceeds the limit of {MaxShift}");
        return (int)shift;
    }
}
