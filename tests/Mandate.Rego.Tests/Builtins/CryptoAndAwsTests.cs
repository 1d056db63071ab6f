using Mandate.Rego.Builtins;
using Mandate.Rego.Values;

namespace Mandate.Rego.Tests.Builtins;

public sealed class CryptoAndAwsTests
{
    private static RegoValue? Call(string name, params RegoValue[] operands) => BuiltinRegistry.Default.Invoke(name, operands);

    private static RegoValue J(string json) => RegoJson.Parse(json);

    private static RegoString S(string text) => RegoString.From(text);

    [Theory]
    [InlineData("crypto.md5", "abc", "900150983cd24fb0d6963f7d28e17f72")]
    [InlineData("crypto.sha1", "abc", "a9993e364706816aba3e25717850c26c9cd0d89d")]
    [InlineData("crypto.sha256", "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    public void Digests_are_lowercase_hex(string name, string input, string expected)
    {
        Assert.Equal(S(expected), Call(name, S(input)));
    }

    [Theory]
    [InlineData("crypto.hmac.sha256", "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")]
    [InlineData("crypto.hmac.md5", "80070713463e7749b90c2dc24911e275")]
    [InlineData("crypto.hmac.sha1", "de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9")]
    public void Hmacs_match_known_vectors(string name, string expected)
    {
        Assert.Equal(S(expected), Call(name, S("The quick brown fox jumps over the lazy dog"), S("key")));
    }

    [Fact]
    public void Hmac_equal_compares_exactly()
    {
        Assert.Equal(RegoBoolean.True, Call("crypto.hmac.equal", S("abc"), S("abc")));
        Assert.Equal(RegoBoolean.False, Call("crypto.hmac.equal", S("abc"), S("abd")));
        Assert.Equal(RegoBoolean.False, Call("crypto.hmac.equal", S("abc"), S("abcd")));
    }

    private static readonly RegoValue Config = J("""{"aws_access_key": "MYAWSACCESSKEYGOESHERE", "aws_secret_access_key": "MYAWSSECRETACCESSKEYGOESHERE", "aws_service": "s3", "aws_region": "us-east-1"}""");

    [Fact]
    public void Sign_req_produces_sigv4_headers()
    {
        var signed = (RegoObject)Call("providers.aws.sign_req", J("""{"method": "get", "url": "http://example.com"}"""), Config, J("1451311705000000000"))!;
        var headers = (RegoObject)signed["headers"]!;
        Assert.Equal(S("AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=0047a7016c81e5c7f29cd522f97e911e04fc472fced0aee7916cbc287ad6c8e3"), headers["Authorization"]);
        Assert.Equal(S("20151228T140825Z"), headers["x-amz-date"]);
        Assert.Equal(S("example.com"), headers["host"]);
        Assert.Equal(S("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), headers["x-amz-content-sha256"]);
    }

    [Fact]
    public void Sign_req_validates_operands_like_opa()
    {
        var e = Assert.Throws<RegoEvalException>(() => Call("providers.aws.sign_req", J("{}"), Config, J("1")));
        Assert.Equal("eval_type_error", e.Code);
        Assert.Equal("""providers.aws.sign_req: operand 1 missing required request parameters(s): {"method", "url"}""", e.Error.Message);
        e = Assert.Throws<RegoEvalException>(() => Call("providers.aws.sign_req", J("""{"method": "get", "url": "x"}"""), J("{}"), J("1")));
        Assert.Equal("""providers.aws.sign_req: operand 2 missing required AWS config parameters(s): {"aws_access_key", "aws_region", "aws_secret_access_key", "aws_service"}""", e.Error.Message);
        e = Assert.Throws<RegoEvalException>(() => Call("providers.aws.sign_req", J("""{"method": "get", "url": "x"}"""), Config, J("1.5")));
        Assert.Equal("providers.aws.sign_req: operand 3 could not convert time_ns value into a unix timestamp", e.Error.Message);
        e = Assert.Throws<RegoEvalException>(() => Call("providers.aws.sign_req", J("""{"method": 1, "url": 2}"""), Config, J("1")));
        Assert.Equal("""providers.aws.sign_req: operand 1 invalid values for required request parameters(s): {"method", "url"}""", e.Error.Message);
    }
}
