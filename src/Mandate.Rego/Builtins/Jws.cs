using System.Numerics;
using System.Security.Cryptography;

namespace Mandate.Rego.Builtins;

/// <summary>
/// JWS signing and verification (RFC 7515/7518) for the algorithms OPA accepts, with .NET's cryptography.
/// RSA-PSS verification detects the salt length (Go's <c>PSSSaltLengthAuto</c>, which OPA uses), so it is
/// done on the raw RSA result rather than with .NET's fixed-salt <c>RSASignaturePadding.Pss</c>.
/// </summary>
internal static class Jws
{
    public static HashAlgorithmName HashOf(string algorithm) => algorithm[^3..] switch
    {
        "256" => HashAlgorithmName.SHA256,
        "384" => HashAlgorithmName.SHA384,
        "512" => HashAlgorithmName.SHA512,
        _ => throw new BuiltinException("unknown JWS algorithm: " + algorithm),
    };

    public static byte[] Hash(HashAlgorithmName hash, ReadOnlySpan<byte> data) =>
        hash == HashAlgorithmName.SHA256 ? SHA256.HashData(data)
        : hash == HashAlgorithmName.SHA384 ? SHA384.HashData(data)
        : SHA512.HashData(data);

    /// <summary>jwsbb.Verify: true only when the key fits the algorithm and the signature is valid.</summary>
    public static bool Verify(JwtKey key, string algorithm, ReadOnlySpan<byte> signingInput, byte[] signature)
    {
        switch (algorithm)
        {
            case "HS256" or "HS384" or "HS512":
                if (key.Secret is null)
                {
                    return false;
                }
                return CryptographicOperations.FixedTimeEquals(Hmac(algorithm, key.Secret, signingInput), signature);
            case "RS256" or "RS384" or "RS512":
                return key.Rsa is { } rsa && VerifyPkcs1(rsa, Hash(HashOf(algorithm), signingInput), HashOf(algorithm), signature);
            case "PS256" or "PS384" or "PS512":
                return key.Rsa is { } pss && VerifyPss(pss, Hash(HashOf(algorithm), signingInput), HashOf(algorithm), signature);
            case "ES256" or "ES384" or "ES512":
                return key.Ec is { } ec && VerifyEcdsa(ec, Hash(HashOf(algorithm), signingInput), signature);
            case "EdDSA":
                return key.EdPublic is { } edPublic && Ed25519.Verify(edPublic, signingInput, signature);
            default:
                return false;
        }
    }

    public static byte[] Sign(JwtKey key, string algorithm, ReadOnlySpan<byte> signingInput)
    {
        switch (algorithm)
        {
            case "HS256" or "HS384" or "HS512":
                return Hmac(algorithm, key.Secret ?? throw WrongKey(algorithm), signingInput);
            case "RS256" or "RS384" or "RS512":
                return (key.Rsa ?? throw WrongKey(algorithm)).SignHash(Hash(HashOf(algorithm), signingInput), HashOf(algorithm), RSASignaturePadding.Pkcs1);
            case "PS256" or "PS384" or "PS512":
                return (key.Rsa ?? throw WrongKey(algorithm)).SignHash(Hash(HashOf(algorithm), signingInput), HashOf(algorithm), RSASignaturePadding.Pss);
            case "ES256" or "ES384" or "ES512":
                return (key.Ec ?? throw WrongKey(algorithm)).SignHash(Hash(HashOf(algorithm), signingInput));
            case "EdDSA":
                return Ed25519.Sign(key.EdSeed ?? throw WrongKey(algorithm), signingInput);
            default:
                throw new BuiltinException("unknown JWS algorithm: " + algorithm);
        }
    }

    public static byte[] Hmac(string algorithm, byte[] secret, ReadOnlySpan<byte> data) => algorithm switch
    {
        "HS256" => HMACSHA256.HashData(secret, data),
        "HS384" => HMACSHA384.HashData(secret, data),
        _ => HMACSHA512.HashData(secret, data),
    };

    public static bool VerifyPkcs1(RSA rsa, byte[] digest, HashAlgorithmName hash, byte[] signature)
    {
        try
        {
            return rsa.VerifyHash(digest, signature, hash, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>Raw r||s signature, as JWS and OPA's verify_es* use; any length is tried, like Go splits it in half.</summary>
    public static bool VerifyEcdsa(ECDsa ec, byte[] digest, byte[] signature)
    {
        try
        {
            var fieldBytes = (ec.KeySize + 7) / 8;
            if (signature.Length != 2 * fieldBytes)
            {
                if (signature.Length % 2 != 0 || signature.Length / 2 > fieldBytes)
                {
                    return false;
                }
                // Left-pad each half to the field size so .NET accepts the shorter encoding Go would.
                var half = signature.Length / 2;
                var padded = new byte[2 * fieldBytes];
                signature.AsSpan(0, half).CopyTo(padded.AsSpan(fieldBytes - half));
                signature.AsSpan(half).CopyTo(padded.AsSpan(2 * fieldBytes - half));
                signature = padded;
            }
            return ec.VerifyHash(digest, signature);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>EMSA-PSS verification (RFC 8017 9.1.2) with MGF1 over the same hash and any salt length.</summary>
    public static bool VerifyPss(RSA rsa, byte[] digest, HashAlgorithmName hash, byte[] signature)
    {
        var parameters = rsa.ExportParameters(false);
        var modulus = new BigInteger(parameters.Modulus, isUnsigned: true, isBigEndian: true);
        var exponent = new BigInteger(parameters.Exponent, isUnsigned: true, isBigEndian: true);
        var s = new BigInteger(signature, isUnsigned: true, isBigEndian: true);
        if (signature.Length != parameters.Modulus!.Length || s >= modulus)
        {
            return false;
        }
        var modBits = (int)modulus.GetBitLength();
        var emBits = modBits - 1;
        var emLength = (emBits + 7) / 8;
        var m = BigInteger.ModPow(s, exponent, modulus);
        var em = new byte[emLength];
        var mBytes = m.ToByteArray(isUnsigned: true, isBigEndian: true);
        if (mBytes.Length > emLength)
        {
            return false;
        }
        mBytes.CopyTo(em, emLength - mBytes.Length);
        var hLength = digest.Length;
        if (emLength < hLength + 2 || em[^1] != 0xBC)
        {
            return false;
        }
        var maskedDb = em.AsSpan(0, emLength - hLength - 1);
        var h = em.AsSpan(emLength - hLength - 1, hLength);
        var zeroBits = 8 * emLength - emBits;
        if ((maskedDb[0] & (0xFF << (8 - zeroBits))) != 0)
        {
            return false;
        }
        var mask = Mgf1(hash, h, maskedDb.Length);
        var db = new byte[maskedDb.Length];
        for (var i = 0; i < db.Length; i++)
        {
            db[i] = (byte)(maskedDb[i] ^ mask[i]);
        }
        db[0] &= (byte)(0xFF >> zeroBits);
        var separator = Array.IndexOf(db, (byte)1);
        if (separator < 0)
        {
            return false;
        }
        for (var i = 0; i < separator; i++)
        {
            if (db[i] != 0)
            {
                return false;
            }
        }
        var salt = db.AsSpan(separator + 1);
        var mPrime = new byte[8 + hLength + salt.Length];
        digest.CopyTo(mPrime, 8);
        salt.CopyTo(mPrime.AsSpan(8 + hLength));
        return CryptographicOperations.FixedTimeEquals(Hash(hash, mPrime), h);
    }

    private static byte[] Mgf1(HashAlgorithmName hash, ReadOnlySpan<byte> seed, int length)
    {
        var output = new byte[length];
        var block = new byte[seed.Length + 4];
        seed.CopyTo(block);
        var written = 0;
        for (uint counter = 0; written < length; counter++)
        {
            block[^4] = (byte)(counter >> 24);
            block[^3] = (byte)(counter >> 16);
            block[^2] = (byte)(counter >> 8);
            block[^1] = (byte)counter;
            var chunk = Hash(hash, block);
            var take = Math.Min(chunk.Length, length - written);
            chunk.AsSpan(0, take).CopyTo(output.AsSpan(written));
            written += take;
        }
        return output;
    }

    private static BuiltinException WrongKey(string algorithm) =>
        new($"failed to sign payload: key type does not match algorithm {algorithm}");
}
