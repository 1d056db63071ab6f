using Mandate.Rego.Builtins;
using Mandate.Rego.Values;

namespace Mandate.Rego.Tests.Builtins;

public sealed class CryptoTests
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
}
