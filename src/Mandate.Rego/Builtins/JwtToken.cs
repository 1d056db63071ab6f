using System.Text;
using System.Text.Json;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>
/// A compact JWS split into its three base64url sections, with OPA's decoding rules and error texts
/// ("encoded JWT had no period separators", "JWT header had invalid encoding: …").
/// </summary>
internal sealed class JwtToken
{
    private JwtToken(string header, string payload, string signature)
    {
        Header = header;
        Payload = payload;
        Signature = signature;
    }

    public string Header { get; }

    public string Payload { get; }

    public string Signature { get; }

    /// <summary>The bytes the signature covers: "header.payload" as sent.</summary>
    public byte[] SigningInput => Encoding.UTF8.GetBytes(Header + "." + Payload);

    public static JwtToken Split(RegoValue value)
    {
        var text = Operands.String(value, 1);
        return Split(text);
    }

    public static JwtToken Split(string text)
    {
        if (!text.Contains('.', StringComparison.Ordinal))
        {
            throw new BuiltinException("encoded JWT had no period separators");
        }
        var parts = text.Split('.');
        if (parts.Length != 3)
        {
            throw new BuiltinException($"encoded JWT must have 3 sections, found {parts.Length}");
        }
        return new JwtToken(parts[0], parts[1], parts[2]);
    }

    /// <summary>The header as an object; a JWE ("enc" present) is refused.</summary>
    public RegoObject DecodeHeader()
    {
        var bytes = GoBase64.DecodeUrlLenient(Header, out var error)
            ?? throw new BuiltinException("JWT header had invalid encoding: " + error);
        RegoObject header;
        try
        {
            header = ParseObject(Encoding.UTF8.GetString(bytes));
        }
        catch (BuiltinException ex)
        {
            throw new BuiltinException("bad JWT header: " + ex.Message);
        }
        if (header.ContainsKey(RegoString.From("enc")))
        {
            throw new BuiltinException("JWT is a JWE object, which is not supported");
        }
        return header;
    }

    /// <summary>The payload as text (it is JSON unless the header says the content is a nested JWT).</summary>
    public string DecodePayloadText()
    {
        var bytes = GoBase64.DecodeUrlLenient(Payload, out var error)
            ?? throw new BuiltinException("JWT payload had invalid encoding: " + error);
        return Encoding.UTF8.GetString(bytes);
    }

    public byte[] DecodeSignature(bool prefixed)
    {
        var bytes = GoBase64.DecodeUrlLenient(Signature, out var error);
        if (bytes is null)
        {
            throw new BuiltinException(prefixed ? "JWT signature had invalid encoding: " + error : error);
        }
        return bytes;
    }

    /// <summary>OPA's extractJSONObject: JSON text that must hold an object.</summary>
    public static RegoObject ParseObject(string json)
    {
        RegoValue value;
        try
        {
            value = RegoJson.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new BuiltinException("invalid JSON: " + ex.Message);
        }
        return value as RegoObject ?? throw new BuiltinException("decoded JSON type was not an Object");
    }

    /// <summary>The header fields OPA checks before trusting a token (alg, kid, cty, crit).</summary>
    public sealed record HeaderFields(string Algorithm, string KeyId, string ContentType, bool Valid);

    /// <summary>
    /// OPA's parseTokenHeader: alg/kid/typ/cty must be strings, crit a non-empty list of strings. A token is
    /// valid when it names an algorithm and every critical header is one OPA understands.
    /// </summary>
    public static HeaderFields ReadHeaderFields(RegoObject header)
    {
        string alg = "", kid = "", cty = "";
        HashSet<string>? critical = null;
        var unknown = new List<string>();
        var keys = header.Keys;
        var values = header.Values;
        for (var i = 0; i < keys.Length; i++)
        {
            var name = keys[i] is RegoString s ? s.Value : keys[i].ToString();
            switch (name)
            {
                case "alg": alg = HeaderString(name, values[i]); break;
                case "kid": kid = HeaderString(name, values[i]); break;
                case "typ": HeaderString(name, values[i]); break;
                case "cty": cty = HeaderString(name, values[i]); break;
                case "crit":
                    if (values[i] is not RegoArray list)
                    {
                        throw new BuiltinException("crit: must be a list");
                    }
                    critical = [];
                    foreach (var item in list.Items)
                    {
                        if (item is RegoString criticalName)
                        {
                            critical.Add(criticalName.Value);
                        }
                    }
                    if (critical.Count == 0)
                    {
                        throw new BuiltinException("crit: must be a nonempty list");
                    }
                    break;
                default:
                    unknown.Add(name);
                    break;
            }
        }
        var valid = alg.Length > 0 && (critical is null || !unknown.Any(critical.Contains));
        return new HeaderFields(alg, kid, cty, valid);
    }

    private static string HeaderString(string name, RegoValue value) =>
        value is RegoString s ? s.Value : throw new BuiltinException($"{name}: must be a string");
}
