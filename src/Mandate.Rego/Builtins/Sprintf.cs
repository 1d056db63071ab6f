using System.Numerics;
using Mandate.Rego.Builtins.Go;
using Mandate.Rego.Syntax;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>
/// <c>sprintf</c>: Go's fmt.Sprintf over the Rego values, converted the way OPA converts them: integers
/// to Go ints (or big.Ints past 64 bits), other numbers to float64, strings as themselves and everything
/// else as its Rego text. So <c>sprintf("%d", [true])</c> is <c>%!d(string=true)</c>, as in OPA.
/// </summary>
internal static class Sprintf
{
    [RegoBuiltin("sprintf")]
    public static RegoValue Format(BuiltinContext ctx, RegoValue format, RegoValue values)
    {
        string fmt = Operands.String(format, 1);
        RegoArray array = values as RegoArray ?? throw Operands.TypeError(2, values, "array");
        int limit = (int)Math.Min(int.MaxValue, ctx.Limits.MaxBuiltinOutputSize);
        if (TryFormatQuickly(ctx, fmt, array.Items) is { } quick)
        {
            return quick;
        }

        var args = new object[array.Count];
        for (int i = 0; i < args.Length; i++)
        {
            args[i] = ToGoArgument(array[i]);
        }

        string result;
        try
        {
            result = GoFormat.Sprintf(fmt, args, limit);
        }
        catch (GoFormatLimitException)
        {
            ctx.ChargeOutput(ctx.Limits.MaxBuiltinOutputSize + 1L);
            throw;
        }
        ctx.ChargeOutput(result.Length);
        return RegoString.From(result);
    }

    /// <summary>
    /// The message when the fast path can format it (the common verbs over strings and integers), else null for the
    /// general formatter. The evaluator calls it with an array literal's items from a pooled buffer, so such a call
    /// allocates only its message.
    /// </summary>
    internal static RegoString? TryFormatQuickly(BuiltinContext ctx, string format, ReadOnlySpan<RegoValue> values)
    {
        int limit = (int)Math.Min(int.MaxValue, ctx.Limits.MaxBuiltinOutputSize);
        if (SprintfFastPath.TryFormat(format, values, limit) is not { } quick)
        {
            return null;
        }

        ctx.ChargeOutput(quick.Length);
        return RegoString.From(quick);
    }

    private static object ToGoArgument(RegoValue value)
    {
        switch (value)
        {
            case RegoNumber n:
                if (n.TryGetInt64(out long l)) return l;

                // OPA reads the literal text as a big.Int, else as a float64, else prints the text itself:
                // `2e308` is no integer text and overflows float64, so it prints as written.
                string? literal = null;
                if (n.TryGetBigInteger(out BigInteger big) && !NumberLiterals.TryGetText(n, out literal)) return big;
                double d = n.ToDouble();
                return double.IsFinite(d) ? d : literal ?? n.ToJsonText();
            case RegoString s:
                return s.Value;
            default:
                return RegoText.Format(value);
        }
    }
}
