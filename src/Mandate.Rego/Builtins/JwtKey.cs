using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Mandate.Rego.Builtins;

/// <summary>
/// A key a JWT can be verified or signed with, read from a PEM certificate, a PEM public key, a JWK or a JWK
/// set. <see cref="Algorithm"/> and <see cref="KeyId"/> come from the JWK's "alg" and "kid" when present;
/// OPA uses them to pick the key for a token.
/// </summary>
internal sealed class JwtKey : IDisposable
{
    /// <summary>The algorithms OPA accepts in JWT headers and JWKs.</summary>
    public static readonly HashSet<string> Algorithms = new(StringComparer.Ordinal)
    {
        "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "HS256", "HS384", "HS512", "EdDSA",
    };

    public string Algorithm { get; init; } = "";

    public string KeyId { get; init; } = "";

    public RSA? Rsa { get; init; }

    public ECDsa? Ec { get; init; }

    public byte[]? Secret { get; init; }

    /// <summary>Ed25519 public key (32 bytes) and, for signing, the 32-byte seed.</summary>
    public byte[]? EdPublic { get; init; }

    public byte[]? EdSeed { get; init; }

    public void Dispose()
    {
        Rsa?.Dispose();
        Ec?.Dispose();
    }

    public static void DisposeAll(IEnumerable<JwtKey> keys)
    {
        foreach (var key in keys)
        {
            key.Dispose();
        }
    }

    /// <summary>
    /// OPA's getKeysFromCertOrJWK: a PEM CERTIFICATE or PUBLIC KEY block (nothing may follow it), otherwise a
    /// JWK or JWK set. JWKs naming an algorithm OPA does not know are skipped.
    /// </summary>
    public static List<JwtKey> FromCertificateOrJwk(string text)
    {
        if (GoPem.Decode(text, out var rest) is { } block)
        {
            if (rest.Length > 0)
            {
                throw new BuiltinException("extra data after a PEM certificate block");
            }
            if (block.Type == "CERTIFICATE")
            {
                try
                {
                    using var certificate = X509CertificateLoader.LoadCertificate(block.Bytes);
                    return [FromCertificate(certificate)];
                }
                catch (CryptographicException ex)
                {
                    throw new BuiltinException("failed to parse a PEM certificate: " + ex.Message);
                }
            }
            if (block.Type == "PUBLIC KEY")
            {
                return [FromSubjectPublicKeyInfo(block.Bytes)];
            }
            throw new BuiltinException("failed to extract a Key from the PEM certificate");
        }
        var keys = new List<JwtKey>();
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("keys", out var set))
            {
                if (set.ValueKind != JsonValueKind.Array)
                {
                    throw new BuiltinException("failed to parse a JWK key (set): \"keys\" must be an array");
                }
                foreach (var element in set.EnumerateArray())
                {
                    // Keys for algorithms OPA does not verify with (e.g. RSA-OAEP encryption keys) are skipped
                    // before their material is imported, so an unusual key cannot fail the whole set.
                    if (KnownOrNoAlgorithm(element))
                    {
                        keys.Add(FromJwk(element));
                    }
                }
                return keys;
            }
            if (KnownOrNoAlgorithm(root))
            {
                keys.Add(FromJwk(root));
            }
            return keys;
        }
        catch (Exception ex) when (ex is JsonException or BuiltinException)
        {
            DisposeAll(keys);
            throw ex is JsonException ? new BuiltinException("failed to parse a JWK key (set): " + ex.Message) : ex;
        }
    }

    private static bool KnownOrNoAlgorithm(JsonElement jwk) =>
        jwk.ValueKind != JsonValueKind.Object || Text(jwk, "alg") is not { Length: > 0 } algorithm || Algorithms.Contains(algorithm);

    public static JwtKey FromCertificate(X509Certificate2 certificate)
    {
        if (certificate.GetRSAPublicKey() is { } rsa)
        {
            return new JwtKey { Rsa = rsa };
        }
        if (certificate.GetECDsaPublicKey() is { } ec)
        {
            return new JwtKey { Ec = ec };
        }
        if (certificate.PublicKey.Oid.Value == "1.3.101.112")
        {
            return new JwtKey { EdPublic = certificate.PublicKey.EncodedKeyValue.RawData };
        }
        throw new BuiltinException("failed to parse a PEM certificate: unsupported public key type");
    }

    public static JwtKey FromSubjectPublicKeyInfo(byte[] der)
    {
        try
        {
            var rsa = RSA.Create();
            try
            {
                rsa.ImportSubjectPublicKeyInfo(der, out _);
                return new JwtKey { Rsa = rsa };
            }
            catch (CryptographicException)
            {
                rsa.Dispose();
            }
            var ec = ECDsa.Create();
            try
            {
                ec.ImportSubjectPublicKeyInfo(der, out _);
                return new JwtKey { Ec = ec };
            }
            catch (CryptographicException)
            {
                ec.Dispose();
            }
            // Ed25519 SubjectPublicKeyInfo: a fixed 12-byte prefix and the 32-byte key.
            if (der.Length == 44 && der[6] == 0x2B && der[7] == 0x65 && der[8] == 0x70)
            {
                return new JwtKey { EdPublic = der[12..] };
            }
            throw new CryptographicException("unsupported key type");
        }
        catch (CryptographicException ex)
        {
            throw new BuiltinException("failed to parse a PEM public key: " + ex.Message);
        }
    }

    /// <summary>Reads one JWK (RFC 7517/7518/8037): RSA, EC (P-256/384/521), oct and OKP (Ed25519).</summary>
    public static JwtKey FromJwk(JsonElement jwk)
    {
        if (jwk.ValueKind != JsonValueKind.Object)
        {
            throw new BuiltinException("failed to parse a JWK key (set): a JWK must be a JSON object");
        }
        var kty = Text(jwk, "kty") ?? throw new BuiltinException("failed to parse a JWK key (set): missing \"kty\"");
        var algorithm = Text(jwk, "alg") ?? "";
        var keyId = Text(jwk, "kid") ?? "";
        switch (kty)
        {
            case "RSA":
            {
                var parameters = new RSAParameters
                {
                    Modulus = Required(jwk, "n"),
                    Exponent = Required(jwk, "e"),
                };
                if (Bytes(jwk, "d") is { } d)
                {
                    var size = parameters.Modulus.Length;
                    parameters.D = Pad(d, size);
                    parameters.P = Pad(Required(jwk, "p"), (size + 1) / 2);
                    parameters.Q = Pad(Required(jwk, "q"), (size + 1) / 2);
                    parameters.DP = Pad(Required(jwk, "dp"), (size + 1) / 2);
                    parameters.DQ = Pad(Required(jwk, "dq"), (size + 1) / 2);
                    parameters.InverseQ = Pad(Required(jwk, "qi"), (size + 1) / 2);
                }
                var rsa = RSA.Create();
                try
                {
                    rsa.ImportParameters(parameters);
                }
                catch (CryptographicException ex)
                {
                    rsa.Dispose();
                    throw new BuiltinException("failed to parse a JWK key (set): " + ex.Message);
                }
                return new JwtKey { Algorithm = algorithm, KeyId = keyId, Rsa = rsa };
            }
            case "EC":
            {
                var (curve, size) = Text(jwk, "crv") switch
                {
                    "P-256" => (ECCurve.NamedCurves.nistP256, 32),
                    "P-384" => (ECCurve.NamedCurves.nistP384, 48),
                    "P-521" => (ECCurve.NamedCurves.nistP521, 66),
                    var other => throw new BuiltinException($"failed to parse a JWK key (set): unsupported curve \"{other}\""),
                };
                var parameters = new ECParameters
                {
                    Curve = curve,
                    Q = new ECPoint { X = Pad(Required(jwk, "x"), size), Y = Pad(Required(jwk, "y"), size) },
                    D = Bytes(jwk, "d") is { } d ? Pad(d, size) : null,
                };
                var ec = ECDsa.Create();
                try
                {
                    ec.ImportParameters(parameters);
                }
                catch (CryptographicException ex)
                {
                    ec.Dispose();
                    throw new BuiltinException("failed to parse a JWK key (set): " + ex.Message);
                }
                return new JwtKey { Algorithm = algorithm, KeyId = keyId, Ec = ec };
            }
            case "oct":
                return new JwtKey { Algorithm = algorithm, KeyId = keyId, Secret = Required(jwk, "k") };
            case "OKP":
                if (Text(jwk, "crv") != "Ed25519")
                {
                    throw new BuiltinException("failed to parse a JWK key (set): unsupported OKP curve");
                }
                return new JwtKey { Algorithm = algorithm, KeyId = keyId, EdPublic = Required(jwk, "x"), EdSeed = Bytes(jwk, "d") };
            default:
                throw new BuiltinException($"failed to parse a JWK key (set): unsupported key type \"{kty}\"");
        }
    }

    private static string? Text(JsonElement jwk, string name) =>
        jwk.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static byte[]? Bytes(JsonElement jwk, string name)
    {
        if (Text(jwk, name) is not { } text)
        {
            return null;
        }
        return GoBase64.DecodeUrlLenient(text.TrimEnd('='), out var error)
            ?? throw new BuiltinException($"failed to parse a JWK key (set): field \"{name}\": {error}");
    }

    private static byte[] Required(JsonElement jwk, string name) =>
        Bytes(jwk, name) ?? throw new BuiltinException($"failed to parse a JWK key (set): required field \"{name}\" is missing");

    // .NET wants fixed-width big-endian integers; JWKs may drop leading zero bytes.
    private static byte[] Pad(byte[] value, int size)
    {
        if (value.Length >= size)
        {
            return value;
        }
        var padded = new byte[size];
        value.CopyTo(padded, size - value.Length);
        return padded;
    }
}
