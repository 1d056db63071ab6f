using Mandate.Rego.Builtins.Go;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>glob.match and glob.quote_meta, in the gobwas/glob dialect OPA uses.</summary>
internal static class Glob
{
    private static readonly int[] DotDelimiter = ['.'];

    /// <summary>
    /// Delimiters: null means none (so <c>*</c> crosses everything); an empty array means the default "."
    /// (as OPA); otherwise the first code point of each string.
    /// </summary>
    [RegoBuiltin("glob.match")]
    public static RegoValue Match(RegoValue pattern, RegoValue delimiters, RegoValue match)
    {
        string p = Operands.String(pattern, 1);
        int[] delims;
        switch (delimiters)
        {
            case RegoNull:
                delims = [];
                break;
            case RegoArray a:
                delims = new int[a.Count];
                for (int i = 0; i < a.Count; i++)
                {
                    if (a[i] is not RegoString s || s.Value.Length == 0) throw Operands.ElementError(2, a, a[i], "string");
                    delims[i] = char.ConvertToUtf32(s.Value, 0);
                }
                if (delims.Length == 0) delims = DotDelimiter;
                break;
            default:
                throw Operands.TypeError(2, delimiters, "array", "null");
        }
        string text = Operands.String(match, 3);
        try
        {
            return RegoBoolean.From(GlobPattern.Match(p, delims, text));
        }
        catch (GlobException e)
        {
            throw new BuiltinException(e.Message);
        }
    }

    [RegoBuiltin("glob.quote_meta")]
    public static RegoValue QuoteMeta(RegoValue pattern) => RegoString.From(GlobPattern.QuoteMeta(Operands.String(pattern, 1)));
}
