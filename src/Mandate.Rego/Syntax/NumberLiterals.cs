using System.Runtime.CompilerServices;
using Mandate.Rego.Values;

namespace Mandate.Rego.Syntax;

/// <summary>
/// The source text of integer literals written with an exponent and too large for 64 bits (<c>2e308</c>).
/// OPA keeps every number as its literal text, and a few builtins show it: <c>sprintf("%v", [2e308])</c>
/// prints <c>2e308</c> because Go cannot read that text as an integer or a float64. Values here are exact,
/// so the text is remembered beside the value for just those literals (each is a fresh instance, never a
/// shared cached one, so no other number picks the text up).
/// </summary>
internal static class NumberLiterals
{
    private static readonly ConditionalWeakTable<RegoNumber, string> Texts = [];

    public static void Remember(RegoNumber value, string text)
    {
        if (!value.TryGetInt64(out _) && value.TryGetBigInteger(out _) && text.AsSpan().IndexOfAny('e', 'E') >= 0)
        {
            Texts.AddOrUpdate(value, text);
        }
    }

    public static bool TryGetText(RegoNumber value, out string? text) => Texts.TryGetValue(value, out text);
}
