using System.Text;
using System.Text.Json;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>
/// OPA's <c>io.jwt.*</c> builtins except <c>decode_verify</c> (in <c>JwtDecodeVerify.cs</c>): decoding,
/// signature checks per algorithm, and signing. Keys are PEM certificates, PEM public keys, JWKs or JWK sets;
/// HMAC secrets are plain strings.
/// </summary>
internal static class JwtBuiltins
{
    [RegoBuiltin("io.jwt.decode")]
    public static RegoValue Decode(RegoValue jwt) => DecodeToken(JwtToken.Split(jwt));

    [RegoBuiltin("io.jwt.verify_rs256")]
    public static RegoValue VerifyRs256(RegoValue jwt, RegoValue certificate) => VerifyWithKeys(jwt, certificate, "RS256");

    [RegoBuiltin("io.jwt.verify_rs384")]
    public static RegoValue VerifyRs384(RegoValue jwt, RegoValue certificate) => VerifyWithKeys(jwt, certificate, "RS384");

    [RegoBuiltin("io.jwt.verify_rs512")]
    public static RegoValue VerifyRs512(RegoValue jwt, RegoValue certificate) => VerifyWithKeys(jwt, certificate, "RS512");

    [RegoBuiltin("io.jwt.verify_ps256")]
    public static RegoValue VerifyPs256(RegoValue jwt, RegoValue certificate) => VerifyWithKeys(jwt, certificate, "PS256");

    [RegoBuiltin("io.jwt.verify_ps384")]
    public static RegoValue VerifyPs384(RegoValue jwt, RegoValue certificate) => VerifyWithKeys(jwt, certificate, "PS384");

    [RegoBuiltin("io.jwt.verify_ps512")]
    public static RegoValue VerifyPs512(RegoValue jwt, RegoValue certificate) => VerifyWithKeys(jwt, certificate, "PS512");

    [RegoBuiltin("io.jwt.verify_es256")]
    public static RegoValue VerifyEs256(RegoValue jwt, RegoValue certificate) => VerifyWithKeys(jwt, certificate, "ES256");

    [RegoBuiltin("io.jwt.verify_es384")]
    public static RegoValue VerifyEs384(RegoValue jwt, RegoValue certificate) => VerifyWithKeys(jwt, certificate, "ES384");

    [RegoBuiltin("io.jwt.verify_es512")]
    public static RegoValue VerifyEs512(RegoValue jwt, RegoValue certificate) => VerifyWithKeys(jwt, certificate, "ES512");

    [RegoBuiltin("io.jwt.verify_eddsa")]
    public static RegoValue VerifyEdDsa(RegoValue jwt, RegoValue certificate) => VerifyWithKeys(jwt, certificate, "EdDSA");

    [RegoBuiltin("io.jwt.verify_hs256")]
    public static RegoValue VerifyHs256(RegoValue jwt, RegoValue secret) => VerifyWithSecret(jwt, secret, "HS256");

    [RegoBuiltin("io.jwt.verify_hs384")]
    public static RegoValue VerifyHs384(RegoValue jwt, RegoValue secret) => VerifyWithSecret(jwt, secret, "HS384");

    [RegoBuiltin("io.jwt.verify_hs512")]
    public static RegoValue VerifyHs512(RegoValue jwt, RegoValue secret) => VerifyWithSecret(jwt, secret, "HS512");

    [RegoBuiltin("io.jwt.encode_sign")]
    public static RegoValue EncodeSign(RegoValue headers, RegoValue payload, RegoValue key) =>
        Sign(Json(headers), Json(payload), RegoJson.Serialize(key, escapeHtml: true));

    [RegoBuiltin("io.jwt.encode_sign_raw")]
    public static RegoValue EncodeSignRaw(RegoValue headers, RegoValue payload, RegoValue key)
    {
        var jwk = Operands.String(key, 3);
        var headerText = Operands.String(headers, 1);
        var payloadText = Operands.String(payload, 2);
        return Sign(headerText, payloadText, jwk);
    }

    private static RegoArray DecodeToken(JwtToken token)
    {
        var header = token.DecodeHeader();
        var payloadText = token.DecodePayloadText();
        if (header[RegoString.From("cty")] is RegoString { Value: "JWT" })
        {
            // A nested token: the payload is itself a (possibly quoted) JWT.
            return DecodeToken(JwtToken.Split(payloadText.Trim('"', '\'')));
        }
        var payload = JwtToken.ParseObject(payloadText);
        var signature = token.DecodeSignature(prefixed: true);
        return RegoArray.From(header, payload, RegoString.From(Convert.ToHexStringLower(signature)));
    }

    // OPA's builtinJWTVerify: a key whose "kid" matches the header decides alone; otherwise any key without an
    // algorithm, or with the header's algorithm, that verifies the signature makes the token valid.
    private static RegoBoolean VerifyWithKeys(RegoValue jwt, RegoValue certificate, string algorithm)
    {
        var token = JwtToken.Split(jwt);
        var keyText = Operands.String(certificate, 2);
        var keys = JwtKey.FromCertificateOrJwk(keyText);
        try
        {
            var signature = token.DecodeSignature(prefixed: false);
            var header = JwtToken.ReadHeaderFields(token.DecodeHeader());
            var input = token.SigningInput;
            if (header.KeyId.Length > 0 && keys.FirstOrDefault(k => k.KeyId == header.KeyId) is { } byId)
            {
                return RegoBoolean.From(Jws.Verify(byId, algorithm, input, signature));
            }
            foreach (var key in keys)
            {
                if (key.Algorithm.Length > 0 && key.Algorithm != header.Algorithm)
                {
                    continue;
                }
                if (Jws.Verify(key, algorithm, input, signature))
                {
                    return RegoBoolean.True;
                }
            }
            return RegoBoolean.False;
        }
        finally
        {
            JwtKey.DisposeAll(keys);
        }
    }

    private static RegoBoolean VerifyWithSecret(RegoValue jwt, RegoValue secret, string algorithm)
    {
        var jwtText = Operands.String(jwt, 1);
        var secretText = Operands.String(secret, 2);
        var token = JwtToken.Split(jwtText);
        var expected = Jws.Hmac(algorithm, Encoding.UTF8.GetBytes(secretText), token.SigningInput);
        var signature = token.DecodeSignature(prefixed: false);
        return RegoBoolean.From(System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(signature, expected));
    }

    private static string Json(RegoValue value) => RegoJson.Serialize(value, escapeHtml: true);

    // OPA's commonBuiltinJWTEncodeSign: the first key of the JWK (set) signs base64url(header).base64url(payload)
    // with the header's "alg"; the header and payload bytes are used exactly as given.
    private static RegoString Sign(string headerText, string payloadText, string jwkText)
    {
        var keys = ParseSigningKeys(jwkText);
        try
        {
            if (keys.Count == 0)
            {
                throw new BuiltinException("no keys found in JWK set");
            }
            var (algorithm, type) = ReadSigningHeader(headerText);
            if (!JwtKey.Algorithms.Contains(algorithm))
            {
                throw new BuiltinException("unknown JWS algorithm: " + algorithm);
            }
            if ((type is null || type == "JWT") && !IsJson(payloadText))
            {
                throw new BuiltinException("type is JWT but payload is not JSON");
            }
            var signingInput = GoBase64.EncodeRawUrl(Encoding.UTF8.GetBytes(headerText)) + "." + GoBase64.EncodeRawUrl(Encoding.UTF8.GetBytes(payloadText));
            var signature = Jws.Sign(keys[0], algorithm, Encoding.UTF8.GetBytes(signingInput));
            return RegoString.From(signingInput + "." + GoBase64.EncodeRawUrl(signature));
        }
        finally
        {
            JwtKey.DisposeAll(keys);
        }
    }

    private static List<JwtKey> ParseSigningKeys(string jwkText)
    {
        try
        {
            using var document = JsonDocument.Parse(jwkText);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("keys", out var set) && set.ValueKind == JsonValueKind.Array)
            {
                var keys = new List<JwtKey>();
                foreach (var element in set.EnumerateArray())
                {
                    keys.Add(JwtKey.FromJwk(element));
                }
                return keys;
            }
            return [JwtKey.FromJwk(root)];
        }
        catch (JsonException ex)
        {
            throw new BuiltinException("failed to parse JWK: " + ex.Message);
        }
    }

    // The "alg" (required, a string) and "typ" (null when absent or not a string) of a raw JSON header.
    // OPA's header reader (jwsbb, on a lenient JSON scanner) reports an empty or malformed object as
    // "cannot parse JSON", while a bare scalar such as "e" is a value without an "alg" member.
    private static (string Algorithm, string? Type) ReadSigningHeader(string headerText)
    {
        const string Prefix = "missing or invalid 'alg' header: ";
        const string NotFound = Prefix + "jwsbb: header \"alg\" not found";
        var trimmed = headerText.Trim();
        if (trimmed.Length == 0)
        {
            throw new BuiltinException(Prefix + "cannot parse JSON: cannot parse empty string");
        }
        try
        {
            using var document = JsonDocument.Parse(headerText);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("alg", out var alg))
            {
                throw new BuiltinException(NotFound);
            }
            if (alg.ValueKind != JsonValueKind.String)
            {
                throw new BuiltinException(Prefix + "jwsbb: header \"alg\" is not a string");
            }
            string? type = root.TryGetProperty("typ", out var typ) && typ.ValueKind == JsonValueKind.String ? typ.GetString() : null;
            return (alg.GetString()!, type);
        }
        catch (JsonException ex)
        {
            throw new BuiltinException(trimmed[0] is '{' or '[' or '"' ? Prefix + "cannot parse JSON: " + ex.Message : NotFound);
        }
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
