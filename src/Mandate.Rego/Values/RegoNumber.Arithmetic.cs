using System.Numerics;

namespace Mandate.Rego.Values;

/// <summary>
/// Arithmetic that keeps OPA's results: integer operations are exact and never overflow (they widen to
/// big integers); fractional operations are decimal, widening to double only past the decimal range.
/// </summary>
public sealed partial class RegoNumber
{
    public static RegoNumber Add(RegoNumber a, RegoNumber b)
    {
        if (a.Representation == Rep.Int64 && b.Representation == Rep.Int64)
        {
            var r = a._long + b._long;
            // Overflow iff both operands have the same sign and the result's sign differs.
            return ((a._long ^ r) & (b._long ^ r)) < 0 ? From((BigInteger)a._long + b._long) : From(r);
        }

        if (a.TryGetBigInteger(out var ai) && b.TryGetBigInteger(out var bi))
        {
            return From(ai + bi);
        }

        return DecimalOrDouble(a, b, static (x, y) => x + y, static (x, y) => x + y);
    }

    public static RegoNumber Subtract(RegoNumber a, RegoNumber b)
    {
        if (a.Representation == Rep.Int64 && b.Representation == Rep.Int64)
        {
            var r = a._long - b._long;
            return ((a._long ^ b._long) & (a._long ^ r)) < 0 ? From((BigInteger)a._long - b._long) : From(r);
        }

        if (a.TryGetBigInteger(out var ai) && b.TryGetBigInteger(out var bi))
        {
            return From(ai - bi);
        }

        return DecimalOrDouble(a, b, static (x, y) => x - y, static (x, y) => x - y);
    }

    public static RegoNumber Multiply(RegoNumber a, RegoNumber b)
    {
        if (a.Representation == Rep.Int64 && b.Representation == Rep.Int64)
        {
            var hi = Math.BigMul(a._long, b._long, out var lo);
            // The product fits a long iff the high half is the sign extension of the low half.
            return hi == (lo >> 63) ? From(lo) : From((BigInteger)a._long * b._long);
        }

        if (a.TryGetBigInteger(out var ai) && b.TryGetBigInteger(out var bi))
        {
            return From(ai * bi);
        }

        return DecimalOrDouble(a, b, static (x, y) => x * y, static (x, y) => x * y);
    }

    /// <summary>Division; the caller rejects a zero divisor ("divide by zero") first.</summary>
    public static RegoNumber Divide(RegoNumber a, RegoNumber b)
    {
        if (a.TryGetBigInteger(out var ai) && b.TryGetBigInteger(out var bi))
        {
            var q = BigInteger.DivRem(ai, bi, out var rem);
            if (rem.IsZero)
            {
                return From(q);
            }
        }

        return DecimalOrDouble(a, b, static (x, y) => x / y, static (x, y) => x / y);
    }

    /// <summary>Integer remainder with the sign of the dividend (Go's %); both operands must be integers.</summary>
    public static RegoNumber Remainder(RegoNumber a, RegoNumber b)
    {
        if (a.Representation == Rep.Int64 && b.Representation == Rep.Int64 && b._long != -1)
        {
            return From(a._long % b._long);
        }

        a.TryGetBigInteger(out var ai);
        b.TryGetBigInteger(out var bi);
        return From(BigInteger.Remainder(ai, bi));
    }

    public static RegoNumber Negate(RegoNumber a) => Subtract(Zero, a);

    public static RegoNumber Abs(RegoNumber a) => a.Sign < 0 ? Negate(a) : a;

    private static RegoNumber DecimalOrDouble(RegoNumber a, RegoNumber b, Func<decimal, decimal, decimal> dec, Func<double, double, double> dbl)
    {
        if (a.TryGetDecimal(out var ad) && b.TryGetDecimal(out var bd))
        {
            try
            {
                return From(dec(ad, bd));
            }
            catch (OverflowException)
            {
                // Out of decimal range: continue in binary floating point like OPA's big.Float would.
            }
        }

        return From(dbl(a.ToDouble(), b.ToDouble()));
    }

    public static RegoNumber operator +(RegoNumber a, RegoNumber b) => Add(a, b);

    public static RegoNumber operator -(RegoNumber a, RegoNumber b) => Subtract(a, b);

    public static RegoNumber operator *(RegoNumber a, RegoNumber b) => Multiply(a, b);

    public static RegoNumber operator /(RegoNumber a, RegoNumber b) => Divide(a, b);

    public static RegoNumber operator %(RegoNumber a, RegoNumber b) => Remainder(a, b);

    public static RegoNumber operator -(RegoNumber a) => Negate(a);

    public static implicit operator RegoNumber(long value) => From(value);
}
