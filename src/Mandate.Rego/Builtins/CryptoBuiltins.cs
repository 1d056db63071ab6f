using System.Security.Cryptography;
using System.Text;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>
/// OPA's digest and HMAC builtins: lowercase hex of the UTF-8 bytes' hash, as Go's <c>fmt.Sprintf("%x")</c>.
/// MD5 and SHA-1 are here because policies verify legacy checksums with them, not for security.
/// </summary>
// MD5 and SHA-1 (plain and HMAC) are part of OPA's builtin set; policies use them for legacy checksums and
// signatures that other systems define, so the weak-algorithm warnings do not apply to this file.
#pragma warning disable CA5350, CA5351
internal static class CryptoBuiltins
{
    [RegoBuiltin("crypto.md5")]
    public static RegoValue Md5(RegoValue text) =>
        Hex(MD5.HashData(Bytes(text, 1)));

    [RegoBuiltin("crypto.sha1")]
    public static RegoValue Sha1(RegoValue text) =>
        Hex(SHA1.HashData(Bytes(text, 1)));

    [RegoBuiltin("crypto.sha256")]
    public static RegoValue Sha256(RegoValue text) => Hex(SHA256.HashData(Bytes(text, 1)));

    [RegoBuiltin("crypto.hmac.md5")]
    public static RegoValue HmacMd5(RegoValue message, RegoValue key) =>
        Hex(HMACMD5.HashData(Bytes(key, 2), Bytes(message, 1)));

    [RegoBuiltin("crypto.hmac.sha1")]
    public static RegoValue HmacSha1(RegoValue message, RegoValue key) =>
        Hex(HMACSHA1.HashData(Bytes(key, 2), Bytes(message, 1)));

    [RegoBuiltin("crypto.hmac.sha256")]
    public static RegoValue HmacSha256(RegoValue message, RegoValue key) =>
        Hex(HMACSHA256.HashData(Bytes(key, 2), Bytes(message, 1)));

    [RegoBuiltin("crypto.hmac.sha512")]
    public static RegoValue HmacSha512(RegoValue message, RegoValue key) =>
        Hex(HMACSHA512.HashData(Bytes(key, 2), Bytes(message, 1)));

    /// <summary>Compares two MACs in constant time, so the comparison leaks no timing about where they differ.</summary>
    [RegoBuiltin("crypto.hmac.equal")]
    public static RegoValue HmacEqual(RegoValue mac1, RegoValue mac2) =>
        RegoBoolean.From(CryptographicOperations.FixedTimeEquals(Bytes(mac1, 1), Bytes(mac2, 2)));

    private static byte[] Bytes(RegoValue value, int position) => Encoding.UTF8.GetBytes(Operands.String(value, position));

    private static RegoString Hex(byte[] digest) => RegoString.From(Convert.ToHexStringLower(digest));
}
#pragma warning restore CA5350, CA5351
