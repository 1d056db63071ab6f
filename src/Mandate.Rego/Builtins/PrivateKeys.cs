using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>
/// Private keys from PEM ("RSA PRIVATE KEY" PKCS#1, "PRIVATE KEY" PKCS#8, "EC PRIVATE KEY" SEC 1) and their
/// renderings: Go's JSON of <c>*rsa.PrivateKey</c>/<c>*ecdsa.PrivateKey</c> and a JWK (RFC 7517).
/// Keys are returned as exported parameters, so nothing disposable escapes.
/// </summary>
internal static class PrivateKeys
{
    internal abstract record Key;

    internal sealed record RsaKey(RSAParameters Parameters) : Key;

    internal sealed record EcKey(ECParameters Parameters) : Key;

    /// <summary>OPA's getPrivateKeysFromPEMData: every private-key block in order; other blocks are skipped.</summary>
    public static List<Key> FromPem(string text)
    {
        var keys = new List<Key>();
        foreach (var block in GoPem.DecodeAll(text))
        {
            try
            {
                switch (block.Type)
                {
                    case "RSA PRIVATE KEY":
                    {
                        using var rsa = RSA.Create();
                        rsa.ImportRSAPrivateKey(block.Bytes, out _);
                        keys.Add(new RsaKey(rsa.ExportParameters(true)));
                        break;
                    }
                    case "PRIVATE KEY":
                        keys.Add(FromPkcs8(block.Bytes));
                        break;
                    case "EC PRIVATE KEY":
                    {
                        using var ec = ECDsa.Create();
                        ec.ImportECPrivateKey(block.Bytes, out _);
                        keys.Add(new EcKey(ec.ExportParameters(true)));
                        break;
                    }
                }
            }
            catch (CryptographicException ex)
            {
                throw new BuiltinException("x509: failed to parse private key: " + ex.Message);
            }
        }
        return keys;
    }

    private static Key FromPkcs8(byte[] der)
    {
        using var rsa = RSA.Create();
        try
        {
            rsa.ImportPkcs8PrivateKey(der, out _);
            return new RsaKey(rsa.ExportParameters(true));
        }
        catch (CryptographicException)
        {
            using var ec = ECDsa.Create();
            ec.ImportPkcs8PrivateKey(der, out _);
            return new EcKey(ec.ExportParameters(true));
        }
    }

    public static bool Matches(Key key, X509Certificate2 certificate)
    {
        switch (key)
        {
            case RsaKey rsaKey:
                using (var rsa = certificate.GetRSAPublicKey())
                {
                    return rsa is not null && rsa.ExportParameters(false).Modulus.AsSpan().SequenceEqual(rsaKey.Parameters.Modulus);
                }
            case EcKey ecKey:
                using (var ec = certificate.GetECDsaPublicKey())
                {
                    return ec is not null && ec.ExportParameters(false).Q.X.AsSpan().SequenceEqual(ecKey.Parameters.Q.X);
                }
            default:
                return false;
        }
    }

    /// <summary>Go's encoding/json of the key: rsa.PrivateKey embeds PublicKey, so N and E sit at the top.</summary>
    public static RegoValue GoJson(Key key)
    {
        var o = new RegoObject.Builder();
        switch (key)
        {
            case RsaKey { Parameters: var p }:
                o.Set("N", Number(p.Modulus));
                o.Set("E", Number(p.Exponent));
                o.Set("D", Number(p.D));
                o.Set("Primes", RegoArray.From(Number(p.P), Number(p.Q)));
                var precomputed = new RegoObject.Builder();
                precomputed.Set("Dp", Number(p.DP));
                precomputed.Set("Dq", Number(p.DQ));
                precomputed.Set("Qinv", Number(p.InverseQ));
                precomputed.Set("CRTValues", RegoArray.Empty);
                o.Set("Precomputed", precomputed.Build());
                break;
            case EcKey { Parameters: var p }:
                o.Set("Curve", RegoObject.Empty);
                o.Set("X", Number(p.Q.X));
                o.Set("Y", Number(p.Q.Y));
                o.Set("D", Number(p.D));
                break;
        }
        return o.Build();
    }

    /// <summary>The key as a JWK with base64url members, as jwx exports it.</summary>
    public static RegoValue Jwk(Key key)
    {
        var o = new RegoObject.Builder();
        switch (key)
        {
            case RsaKey { Parameters: var p }:
                o.Set("kty", RegoString.From("RSA"));
                o.Set("n", Url(p.Modulus));
                o.Set("e", Url(p.Exponent));
                o.Set("d", Url(p.D));
                o.Set("p", Url(p.P));
                o.Set("q", Url(p.Q));
                o.Set("dp", Url(p.DP));
                o.Set("dq", Url(p.DQ));
                o.Set("qi", Url(p.InverseQ));
                break;
            case EcKey { Parameters: var p }:
                o.Set("kty", RegoString.From("EC"));
                o.Set("crv", RegoString.From(p.Curve.Oid.FriendlyName switch
                {
                    "nistP384" or "ECDSA_P384" => "P-384",
                    "nistP521" or "ECDSA_P521" => "P-521",
                    _ => "P-256",
                }));
                o.Set("x", Url(p.Q.X));
                o.Set("y", Url(p.Q.Y));
                o.Set("d", Url(p.D));
                break;
        }
        return o.Build();
    }

    private static RegoNumber Number(byte[]? bigEndian) => RegoNumber.From(X509Json.Unsigned(bigEndian ?? []));

    private static RegoString Url(byte[]? bytes) => RegoString.From(GoBase64.EncodeRawUrl(bytes ?? []));
}
