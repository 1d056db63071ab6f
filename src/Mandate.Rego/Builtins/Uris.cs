using Mandate.Rego.Builtins.Go;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>
/// uri.parse and uri.is_valid with the rules of Go's net/url.Parse: the host may only percent-encode
/// non-ASCII bytes, userinfo characters are checked, a port is ASCII digits, and errors read
/// <c>parse "URL": reason</c>. Empty components are left out of the result.
/// </summary>
internal static class Uris
{
    [RegoBuiltin("uri.parse")]
    public static RegoValue Parse(RegoValue s)
    {
        string raw = Operands.String(s, 1);
        try
        {
            return GoUrl.Parse(raw).ToObject();
        }
        catch (FormatException e)
        {
            throw new BuiltinException($"parse {GoQuote.Quote(raw)}: {e.Message}");
        }
    }

    /// <summary>True when the text parses and names a scheme (a bare path or empty string is not a URI).</summary>
    [RegoBuiltin("uri.is_valid")]
    public static RegoValue IsValid(RegoValue s)
    {
        if (s is not RegoString str) return RegoBoolean.False;
        try
        {
            return RegoBoolean.From(GoUrl.Parse(str.Value).Scheme.Length > 0);
        }
        catch (FormatException)
        {
            return RegoBoolean.False;
        }
    }
}
