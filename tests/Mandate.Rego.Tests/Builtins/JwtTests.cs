using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Mandate.Rego.Builtins;
using Mandate.Rego.Values;

namespace Mandate.Rego.Tests.Builtins;

public sealed class JwtTests
{
    private const string RfcHmacKey = """{"k": "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow", "kty": "oct"}""";

    private static RegoValue? Call(string name, params RegoValue[] operands) => BuiltinRegistry.Default.Invoke(name, operands);

    private static RegoString S(string text) => RegoString.From(text);

    private static RegoEvalException Fails(string name, params RegoValue[] operands) =>
        Assert.Throws<RegoEvalException>(() => Call(name, operands));

    [Fact]
    public void Encode_sign_matches_rfc7515_hs256_example()
    {
        var token = Call("io.jwt.encode_sign",
            RegoJson.Parse("""{"alg": "HS256", "typ": "JWT"}"""),
            RegoJson.Parse("""{"aud": ["bob", "saul"], "exp": 1300819380, "http://example.com/is_root": true, "iss": "joe", "privateParams": {"private_one": "one", "private_two": "two"}}"""),
            RegoJson.Parse(RfcHmacKey));
        Assert.Equal(S("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOlsiYm9iIiwic2F1bCJdLCJleHAiOjEzMDA4MTkzODAsImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlLCJpc3MiOiJqb2UiLCJwcml2YXRlUGFyYW1zIjp7InByaXZhdGVfb25lIjoib25lIiwicHJpdmF0ZV90d28iOiJ0d28ifX0.-Or2eol8bzly-Ztb0v7_7UkcKBkN_aNNpK33HK0MeOY"), token);
    }

    [Fact]
    public void Decode_returns_header_payload_and_hex_signature()
    {
        var result = (RegoArray)Call("io.jwt.decode", S("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwIiwiaXNzIjoib3BhIn0.XmVoLoHI3pxMtMO_WRONMSJzGUDP9pDjy8Jp0_tdRXY"))!;
        Assert.Equal(RegoJson.Parse("""{"alg":"HS256","typ":"JWT"}"""), result[0]);
        Assert.Equal(RegoJson.Parse("""{"sub":"0","iss":"opa"}"""), result[1]);
        Assert.Equal(S("5e65682e81c8de9c4cb4c3bf59138d3122731940cff690e3cbc269d3fb5d4576"), result[2]);
    }

    [Theory]
    [InlineData("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9", "io.jwt.decode: encoded JWT had no period separators")]
    [InlineData("a.b", "io.jwt.decode: encoded JWT must have 3 sections, found 2")]
    [InlineData("eyJhbGciOiJIUzI1NiIsI(R5cCI6IkpXVCJ9.e30.", "io.jwt.decode: JWT header had invalid encoding: illegal base64 data at input byte 21")]
    [InlineData("eyJlbmMiOiJBMTI4R0NNIn0.e30.", "io.jwt.decode: JWT is a JWE object, which is not supported")]
    [InlineData("W10.e30.", "io.jwt.decode: bad JWT header: decoded JSON type was not an Object")]
    public void Decode_errors_read_like_opa(string token, string message)
    {
        var error = Fails("io.jwt.decode", S(token));
        Assert.Equal("eval_builtin_error", error.Code);
        Assert.Equal(message, error.Error.Message);
    }

    [Fact]
    public void Hs256_verification_accepts_only_the_right_secret()
    {
        var token = Call("io.jwt.encode_sign_raw", S("""{"alg":"HS256"}"""), S("""{"a":1}"""), S("""{"kty":"oct","k":"c2VjcmV0"}"""))!;
        Assert.Equal(RegoBoolean.True, Call("io.jwt.verify_hs256", token, S("secret")));
        Assert.Equal(RegoBoolean.False, Call("io.jwt.verify_hs256", token, S("Secret")));
        Assert.Equal(RegoBoolean.False, Call("io.jwt.verify_hs512", token, S("secret")));
    }

    [Theory]
    [InlineData("RS256")]
    [InlineData("RS512")]
    [InlineData("PS256")]
    [InlineData("PS384")]
    public void Rsa_tokens_signed_by_dotnet_verify_with_pem_key_certificate_and_jwk(string algorithm)
    {
        using var rsa = RSA.Create(2048);
        var token = SignWithDotnet(algorithm, rsa);
        var name = "io.jwt.verify_" + algorithm.ToLowerInvariant();
        Assert.Equal(RegoBoolean.True, Call(name, S(token), S(rsa.ExportSubjectPublicKeyInfoPem())));
        Assert.Equal(RegoBoolean.True, Call(name, S(token), S(SelfSignedPem(rsa))));
        Assert.Equal(RegoBoolean.True, Call(name, S(token), S(Jwk(rsa.ExportParameters(false)))));
        using var other = RSA.Create(2048);
        Assert.Equal(RegoBoolean.False, Call(name, S(token), S(other.ExportSubjectPublicKeyInfoPem())));
        Assert.Equal(RegoBoolean.False, Call(name, S(Tamper(token)), S(rsa.ExportSubjectPublicKeyInfoPem())));
    }

    [Fact]
    public void Pss_verification_accepts_any_salt_length_as_go_does()
    {
        using var rsa = RSA.Create(2048);
        var input = Encoding.ASCII.GetBytes(Header("PS256") + ".e30");
        // Max-length salt, as Go's rsa.SignPSS uses by default; .NET's own PSS verifier rejects this.
        var signature = Sha256PssMaxSalt(rsa, input);
        var token = Encoding.ASCII.GetString(input) + "." + GoBase64.EncodeRawUrl(signature);
        Assert.Equal(RegoBoolean.True, Call("io.jwt.verify_ps256", S(token), S(rsa.ExportSubjectPublicKeyInfoPem())));
    }

    [Theory]
    [InlineData("ES256", 256)]
    [InlineData("ES384", 384)]
    [InlineData("ES512", 521)]
    public void Ecdsa_round_trip_between_encode_sign_and_verify(string algorithm, int curveBits)
    {
        using var ec = ECDsa.Create(curveBits switch { 256 => ECCurve.NamedCurves.nistP256, 384 => ECCurve.NamedCurves.nistP384, _ => ECCurve.NamedCurves.nistP521 });
        var parameters = ec.ExportParameters(true);
        var jwk = $$"""{"kty":"EC","crv":"P-{{curveBits}}","x":"{{B64(parameters.Q.X!)}}","y":"{{B64(parameters.Q.Y!)}}","d":"{{B64(parameters.D!)}}"}""";
        var token = Call("io.jwt.encode_sign", RegoJson.Parse($$"""{"alg":"{{algorithm}}"}"""), RegoJson.Parse("""{"sub":"x"}"""), RegoJson.Parse(jwk))!;
        Assert.Equal(RegoBoolean.True, Call("io.jwt.verify_" + algorithm.ToLowerInvariant(), token, S(ec.ExportSubjectPublicKeyInfoPem())));
        // Verify with .NET directly as an independent path.
        var parts = ((RegoString)token).Value.Split('.');
        var hash = algorithm switch { "ES256" => HashAlgorithmName.SHA256, "ES384" => HashAlgorithmName.SHA384, _ => HashAlgorithmName.SHA512 };
        Assert.True(ec.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), GoBase64.DecodeUrlLenient(parts[2], out _)!, hash));
    }

    [Fact]
    public void Ed25519_matches_rfc8032_test_vector_1()
    {
        var seed = Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        var expectedPublic = Convert.FromHexString("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        var expectedSignature = Convert.FromHexString("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        Assert.Equal(expectedPublic, Ed25519.PublicKey(seed));
        Assert.Equal(expectedSignature, Ed25519.Sign(seed, []));
        Assert.True(Ed25519.Verify(expectedPublic, [], expectedSignature));
        Assert.False(Ed25519.Verify(expectedPublic, [1], expectedSignature));
    }

    [Fact]
    public void EdDsa_tokens_round_trip_through_jwk()
    {
        var seed = RandomNumberGenerator.GetBytes(32);
        var jwk = $$"""{"kty":"OKP","crv":"Ed25519","x":"{{B64(Ed25519.PublicKey(seed))}}","d":"{{B64(seed)}}"}""";
        var token = Call("io.jwt.encode_sign", RegoJson.Parse("""{"alg":"EdDSA"}"""), RegoJson.Parse("{}"), RegoJson.Parse(jwk))!;
        var publicJwk = $$"""{"kty":"OKP","crv":"Ed25519","x":"{{B64(Ed25519.PublicKey(seed))}}"}""";
        Assert.Equal(RegoBoolean.True, Call("io.jwt.verify_eddsa", token, S(publicJwk)));
        var verified = (RegoArray)BuiltinRegistry.Default.Invoke("io.jwt.decode_verify", token, RegoJson.Parse($$"""{"cert": {{System.Text.Json.JsonSerializer.Serialize(publicJwk)}}}"""))!;
        Assert.Equal(RegoBoolean.True, verified[0]);
    }

    [Theory]
    [InlineData("""{"secret":"secret"}""", """{"iss":"opa","exp":2000}""", 1000, true)]
    [InlineData("""{"secret":"secret"}""", """{"exp":1000}""", 1000, false)]
    [InlineData("""{"secret":"secret"}""", """{"nbf":1001}""", 1000, false)]
    [InlineData("""{"secret":"secret","iss":"opa"}""", """{"iss":"xyz"}""", 1000, false)]
    [InlineData("""{"secret":"secret","iss":"opa"}""", """{}""", 1000, false)]
    [InlineData("""{"secret":"secret","aud":"me"}""", """{"aud":["you","me"]}""", 1000, true)]
    [InlineData("""{"secret":"secret"}""", """{"aud":"me"}""", 1000, false)]
    [InlineData("""{"secret":"wrong"}""", """{}""", 1000, false)]
    [InlineData("""{"secret":"secret","alg":"HS512"}""", """{}""", 1000, false)]
    public void Decode_verify_checks_claims_against_constraints(string constraints, string claims, long nowSeconds, bool valid)
    {
        var token = Call("io.jwt.encode_sign_raw", S("""{"alg":"HS256"}"""), S(claims), S("""{"kty":"oct","k":"c2VjcmV0"}"""))!;
        var context = new BuiltinContext(now: DateTimeOffset.FromUnixTimeSeconds(nowSeconds));
        var result = (RegoArray)BuiltinRegistry.Default.Invoke(context, "io.jwt.decode_verify", token, RegoJson.Parse(constraints))!;
        Assert.Equal(RegoBoolean.From(valid), result[0]);
        Assert.Equal(valid ? RegoJson.Parse(claims) : RegoObject.Empty, result[2]);
    }

    [Theory]
    [InlineData("""{"secret":"a","cert":"{\"kty\":\"oct\",\"k\":\"YQ\"}"}""", "io.jwt.decode_verify: duplicate key constraints")]
    [InlineData("""{}""", "io.jwt.decode_verify: no key constraint")]
    [InlineData("""{"secret":"a","foo":1}""", "io.jwt.decode_verify: unknown token validation constraint: foo")]
    [InlineData("""{"secret":"a","time":-1}""", "io.jwt.decode_verify: token time constraint: must not be negative")]
    public void Decode_verify_rejects_bad_constraints(string constraints, string message)
    {
        var error = Fails("io.jwt.decode_verify", S("a.b.c"), RegoJson.Parse(constraints));
        Assert.Equal(message, error.Error.Message);
    }

    [Fact]
    public void Encode_sign_raw_reports_header_and_payload_problems()
    {
        var key = S("""{"kty":"oct","k":"c2VjcmV0"}""");
        Assert.Equal("io.jwt.encode_sign_raw: missing or invalid 'alg' header: jwsbb: header \"alg\" not found",
            Fails("io.jwt.encode_sign_raw", S("e"), S("{}"), key).Error.Message);
        Assert.Equal("io.jwt.encode_sign_raw: unknown JWS algorithm: dummy",
            Fails("io.jwt.encode_sign_raw", S("""{"alg":"dummy"}"""), S("{}"), key).Error.Message);
        Assert.Equal("io.jwt.encode_sign_raw: type is JWT but payload is not JSON",
            Fails("io.jwt.encode_sign_raw", S("""{"alg":"HS256"}"""), S("e"), key).Error.Message);
        Assert.IsType<RegoString>(Call("io.jwt.encode_sign_raw", S("""{"alg":"HS256","typ":"text/plain"}"""), S("e"), key));
    }

    [Fact]
    public void Pem_with_trailing_data_or_wrong_type_is_refused()
    {
        using var rsa = RSA.Create(2048);
        var token = SignWithDotnet("RS256", rsa);
        Assert.Equal("io.jwt.verify_rs256: extra data after a PEM certificate block",
            Fails("io.jwt.verify_rs256", S(token), S(rsa.ExportSubjectPublicKeyInfoPem() + "\nxyz")).Error.Message);
        Assert.Equal("io.jwt.verify_rs256: failed to extract a Key from the PEM certificate",
            Fails("io.jwt.verify_rs256", S(token), S(rsa.ExportRSAPrivateKeyPem())).Error.Message);
    }

    private static string Header(string algorithm) => GoBase64.EncodeRawUrl(Encoding.ASCII.GetBytes($$"""{"alg":"{{algorithm}}"}"""));

    private static string SignWithDotnet(string algorithm, RSA rsa)
    {
        var input = Header(algorithm) + "." + GoBase64.EncodeRawUrl("""{"sub":"me"}"""u8);
        var hash = algorithm[2..] switch { "256" => HashAlgorithmName.SHA256, "384" => HashAlgorithmName.SHA384, _ => HashAlgorithmName.SHA512 };
        var padding = algorithm.StartsWith("PS", StringComparison.Ordinal) ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
        return input + "." + GoBase64.EncodeRawUrl(rsa.SignData(Encoding.ASCII.GetBytes(input), hash, padding));
    }

    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        return parts[0] + "." + GoBase64.EncodeRawUrl("""{"sub":"you"}"""u8) + "." + parts[2];
    }

    private static string SelfSignedPem(RSA rsa)
    {
        var request = new CertificateRequest("CN=test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return certificate.ExportCertificatePem();
    }

    private static string Jwk(RSAParameters p) => $$"""{"kty":"RSA","n":"{{B64(p.Modulus!)}}","e":"{{B64(p.Exponent!)}}"}""";

    private static string B64(byte[] bytes) => GoBase64.EncodeRawUrl(bytes);

    // EMSA-PSS encoding with the longest salt (emLen - hLen - 2), then the raw RSA private operation via
    // .NET's decryption-free path: sign the encoded message with no padding is not offered, so use the key's
    // private exponent directly.
    private static byte[] Sha256PssMaxSalt(RSA rsa, byte[] message)
    {
        var p = rsa.ExportParameters(true);
        var n = new System.Numerics.BigInteger(p.Modulus, isUnsigned: true, isBigEndian: true);
        var d = new System.Numerics.BigInteger(p.D, isUnsigned: true, isBigEndian: true);
        var emBits = (int)n.GetBitLength() - 1;
        var emLen = (emBits + 7) / 8;
        var mHash = SHA256.HashData(message);
        var salt = RandomNumberGenerator.GetBytes(emLen - 32 - 2);
        var mPrime = new byte[8 + 32 + salt.Length];
        mHash.CopyTo(mPrime, 8);
        salt.CopyTo(mPrime, 40);
        var h = SHA256.HashData(mPrime);
        var db = new byte[emLen - 32 - 1];
        db[db.Length - salt.Length - 1] = 1;
        salt.CopyTo(db, db.Length - salt.Length);
        var mask = new byte[db.Length];
        for (uint counter = 0, written = 0; written < mask.Length; counter++)
        {
            var block = SHA256.HashData([.. h, (byte)(counter >> 24), (byte)(counter >> 16), (byte)(counter >> 8), (byte)counter]);
            var take = Math.Min(block.Length, mask.Length - (int)written);
            Array.Copy(block, 0, mask, written, take);
            written += (uint)take;
        }
        for (var i = 0; i < db.Length; i++) db[i] ^= mask[i];
        db[0] &= (byte)(0xFF >> (8 * emLen - emBits));
        var em = new byte[emLen];
        db.CopyTo(em, 0);
        h.CopyTo(em, db.Length);
        em[^1] = 0xBC;
        var s = System.Numerics.BigInteger.ModPow(new System.Numerics.BigInteger(em, isUnsigned: true, isBigEndian: true), d, n);
        var signature = new byte[p.Modulus!.Length];
        var raw = s.ToByteArray(isUnsigned: true, isBigEndian: true);
        raw.CopyTo(signature, signature.Length - raw.Length);
        return signature;
    }
}

public sealed class JwtHeaderErrorTests
{
    [Theory]
    [InlineData("", "io.jwt.encode_sign_raw: missing or invalid 'alg' header: cannot parse JSON: cannot parse empty string")]
    [InlineData("{\"typ:\"JWT\"}", "io.jwt.encode_sign_raw: missing or invalid 'alg' header: cannot parse JSON: ")]
    [InlineData("e", "io.jwt.encode_sign_raw: missing or invalid 'alg' header: jwsbb: header \"alg\" not found")]
    [InlineData("{\"alg\": 1}", "io.jwt.encode_sign_raw: missing or invalid 'alg' header: jwsbb: header \"alg\" is not a string")]
    public void Header_errors_distinguish_malformed_json_from_missing_alg(string header, string messageStart)
    {
        var e = Assert.Throws<RegoEvalException>(() => BuiltinRegistry.Default.Invoke("io.jwt.encode_sign_raw",
            RegoString.From(header), RegoString.From("{}"), RegoString.From("""{"kty":"oct","k":"c2VjcmV0"}""")));
        Assert.StartsWith(messageStart, e.Error.Message);
    }
}

public sealed class JwtKeySelectionTests
{
    private static string B64(byte[] bytes) => GoBase64.EncodeRawUrl(bytes);

    private static string Token(System.Security.Cryptography.RSA rsa, string header)
    {
        var input = B64(System.Text.Encoding.UTF8.GetBytes(header)) + "." + B64("{}"u8.ToArray());
        var signature = rsa.SignData(System.Text.Encoding.ASCII.GetBytes(input), System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        return input + "." + B64(signature);
    }

    [Theory]
    [InlineData("""{"alg":"RS256","kid":"k2"}""", true)]
    [InlineData("""{"alg":"RS256","kid":"not-in-jwks"}""", true)]
    [InlineData("""{"alg":"RS256","kid":"k3"}""", false)]
    [InlineData("""{"alg":"RS256"}""", true)]
    public void Keys_are_chosen_by_kid_then_by_algorithm_and_unknown_algorithms_are_skipped(string header, bool valid)
    {
        using var signer = System.Security.Cryptography.RSA.Create(2048);
        using var other = System.Security.Cryptography.RSA.Create(2048);
        var p = signer.ExportParameters(false);
        var q = other.ExportParameters(false);
        var jwks = $$"""
            {"keys": [
              {"kty": "RSA", "kid": "k3", "alg": "RS256", "n": "{{B64(q.Modulus!)}}", "e": "{{B64(q.Exponent!)}}"},
              {"kty": "RSA", "kid": "k2", "alg": "RS256", "n": "{{B64(p.Modulus!)}}", "e": "{{B64(p.Exponent!)}}"},
              {"kty": "RSA", "kid": "k4", "alg": "RS512", "n": "{{B64(p.Modulus!)}}", "e": "{{B64(p.Exponent!)}}"},
              {"kty": "RSA", "kid": "odd", "alg": "RSA-OAEP", "n": "onlqv4UZx5ZabJ3TCq", "e": "AQAB"}
            ]}
            """;
        var result = BuiltinRegistry.Default.Invoke("io.jwt.verify_rs256", RegoString.From(Token(signer, header)), RegoString.From(jwks));
        Assert.Equal(RegoBoolean.From(valid), result);
    }
}
