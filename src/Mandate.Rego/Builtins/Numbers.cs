using System.Numerics;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>abs, round, ceil, floor, numbers.range, numbers.range_step and rand.intn.</summary>
internal static class Numbers
{
    [RegoBuiltin("abs")]
    public static RegoValue Abs(RegoValue x) => RegoNumber.Abs(Operands.Number(x, 1));

    /// <summary>Halves round away from zero, as Go's big.Float rounding in OPA does.</summary>
    [RegoBuiltin("round")]
    public static RegoValue Round(RegoValue x) =>
        RoundWith(Operands.Number(x, 1), d => decimal.Round(d, MidpointRounding.AwayFromZero),
            d => Math.Round(d, MidpointRounding.AwayFromZero));

    [RegoBuiltin("ceil")]
    public static RegoValue Ceil(RegoValue x) => RoundWith(Operands.Number(x, 1), decimal.Ceiling, Math.Ceiling);

    [RegoBuiltin("floor")]
    public static RegoValue Floor(RegoValue x) => RoundWith(Operands.Number(x, 1), decimal.Floor, Math.Floor);

    private static RegoNumber RoundWith(RegoNumber n, Func<decimal, decimal> dec, Func<double, double> dbl)
    {
        if (n.IsInteger) return n;
        if (n.TryGetDecimal(out decimal d)) return RegoNumber.From(dec(d));
        return RegoNumber.From(dbl(n.ToDouble()));
    }

    [RegoBuiltin("numbers.range")]
    public static RegoValue Range(BuiltinContext ctx, RegoValue a, RegoValue b) =>
        Generate(ctx, Operands.BigInt(a, 1), Operands.BigInt(b, 2), BigInteger.One);

    [RegoBuiltin("numbers.range_step")]
    public static RegoValue RangeStep(BuiltinContext ctx, RegoValue a, RegoValue b, RegoValue step)
    {
        BigInteger from = Operands.BigInt(a, 1);
        BigInteger to = Operands.BigInt(b, 2);
        BigInteger by = Operands.BigInt(step, 3);
        if (by.Sign <= 0) throw new BuiltinException("numbers.range_step: step must be a positive integer");
        return Generate(ctx, from, to, by);
    }

    /// <summary>Inclusive range from a towards b (descending when a &gt; b); charged before it is built.</summary>
    private static RegoArray Generate(BuiltinContext ctx, BigInteger from, BigInteger to, BigInteger step)
    {
        BigInteger count = BigInteger.Abs(to - from) / step + 1;
        // Charging the full size first makes numbers.range(1, 1e12) fail at once instead of after
        // allocating up to the limit.
        ctx.ChargeOutput(count > long.MaxValue / 2 ? long.MaxValue / 2 : (long)count);
        if (count > System.Array.MaxLength) throw new BuiltinException("range too large");
        var items = new RegoValue[(int)count];
        BigInteger current = from;
        BigInteger delta = from <= to ? step : -step;
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = RegoNumber.From(current);
            current += delta;
            if ((i & 0xFFFF) == 0xFFFF) ctx.CheckInterrupt();
        }
        return RegoArray.From(items);
    }

    /// <summary>A random integer in [0, |n|), the same for the same operands within one query.</summary>
    [RegoBuiltin("rand.intn", Nondeterministic = true)]
    public static RegoValue RandIntn(BuiltinContext ctx, RegoValue s, RegoValue n)
    {
        string key = Operands.String(s, 1);
        int bound = Operands.Int(n, 2);
        if (bound == 0) return RegoNumber.Zero;
        bound = Math.Abs(bound);
        string cacheKey = "rand.intn\0" + key + "\0" + Strings.Invariant(bound);
        if (ctx.Cache.TryGetValue(cacheKey, out object? cached)) return (RegoValue)cached;
        RegoValue result = RegoNumber.From(ctx.Random.Next(bound));
        ctx.Cache[cacheKey] = result;
        return result;
    }
}
