using System.Numerics;
using System.Security.Cryptography;

namespace Mandate.Rego.Builtins;

/// <summary>
/// Ed25519 (RFC 8032) signing and verification for the JWT "EdDSA" algorithm. .NET 10's cryptography has no
/// Ed25519, and no third-party crypto library is available here, so this follows the RFC's reference
/// arithmetic on <see cref="BigInteger"/>. It is not constant-time: verification handles public data only,
/// and signing is offered for <c>io.jwt.encode_sign</c> test tokens, not as a hardened signer.
/// </summary>
internal static class Ed25519
{
    private static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;
    private static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly BigInteger D = Mod(-121665 * Inverse(121666));
    private static readonly BigInteger SqrtMinusOne = BigInteger.ModPow(2, (P - 1) / 4, P);
    private static readonly Point BasePoint = MakeBasePoint();

    private readonly record struct Point(BigInteger X, BigInteger Y, BigInteger Z, BigInteger T);

    public static bool Verify(byte[] publicKey, ReadOnlySpan<byte> message, byte[] signature)
    {
        if (publicKey.Length != 32 || signature.Length != 64)
        {
            return false;
        }
        if (Decompress(publicKey) is not { } a || Decompress(signature.AsSpan(0, 32)) is not { } r)
        {
            return false;
        }
        var s = FromLittleEndian(signature.AsSpan(32));
        if (s >= L)
        {
            return false;
        }
        var h = HashToScalar(signature.AsSpan(0, 32), publicKey, message);
        return PointEquals(Multiply(s, BasePoint), Add(r, Multiply(h, a)));
    }

    public static byte[] Sign(byte[] seed, ReadOnlySpan<byte> message)
    {
        if (seed.Length != 32)
        {
            throw new BuiltinException("failed to sign payload: an Ed25519 private key must be 32 bytes");
        }
        var expanded = SHA512.HashData(seed);
        var scalar = FromLittleEndian(expanded.AsSpan(0, 32));
        scalar &= (BigInteger.One << 254) - 8;
        scalar |= BigInteger.One << 254;
        var publicKey = Compress(Multiply(scalar, BasePoint));
        var prefixed = new byte[32 + message.Length];
        expanded.AsSpan(32).CopyTo(prefixed);
        message.CopyTo(prefixed.AsSpan(32));
        var r = Mod(FromLittleEndian(SHA512.HashData(prefixed)), L);
        var rEncoded = Compress(Multiply(r, BasePoint));
        var h = HashToScalar(rEncoded, publicKey, message);
        var s = Mod(r + h * scalar, L);
        var signature = new byte[64];
        rEncoded.CopyTo(signature, 0);
        ToLittleEndian(s).CopyTo(signature, 32);
        return signature;
    }

    /// <summary>The public key of a 32-byte seed.</summary>
    public static byte[] PublicKey(byte[] seed)
    {
        var expanded = SHA512.HashData(seed);
        var scalar = FromLittleEndian(expanded.AsSpan(0, 32));
        scalar &= (BigInteger.One << 254) - 8;
        scalar |= BigInteger.One << 254;
        return Compress(Multiply(scalar, BasePoint));
    }

    private static BigInteger HashToScalar(ReadOnlySpan<byte> r, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message)
    {
        var buffer = new byte[64 + message.Length];
        r.CopyTo(buffer);
        publicKey.CopyTo(buffer.AsSpan(32));
        message.CopyTo(buffer.AsSpan(64));
        return Mod(FromLittleEndian(SHA512.HashData(buffer)), L);
    }

    private static Point Add(Point p, Point q)
    {
        var a = Mod((p.Y - p.X) * (q.Y - q.X));
        var b = Mod((p.Y + p.X) * (q.Y + q.X));
        var c = Mod(2 * p.T * q.T * D);
        var d = Mod(2 * p.Z * q.Z);
        var (e, f, g, h) = (b - a, d - c, d + c, b + a);
        return new Point(Mod(e * f), Mod(g * h), Mod(f * g), Mod(e * h));
    }

    private static Point Multiply(BigInteger scalar, Point point)
    {
        var result = new Point(0, 1, 1, 0);
        while (scalar > 0)
        {
            if (!scalar.IsEven)
            {
                result = Add(result, point);
            }
            point = Add(point, point);
            scalar >>= 1;
        }
        return result;
    }

    private static bool PointEquals(Point p, Point q) =>
        Mod(p.X * q.Z - q.X * p.Z).IsZero && Mod(p.Y * q.Z - q.Y * p.Z).IsZero;

    private static byte[] Compress(Point point)
    {
        var zInverse = Inverse(point.Z);
        var x = Mod(point.X * zInverse);
        var y = Mod(point.Y * zInverse);
        return ToLittleEndian(y | ((x & 1) << 255));
    }

    private static Point? Decompress(ReadOnlySpan<byte> encoded)
    {
        var y = FromLittleEndian(encoded);
        var sign = (int)(y >> 255);
        y &= (BigInteger.One << 255) - 1;
        return RecoverX(y, sign) is { } x ? new Point(x, y, 1, Mod(x * y)) : null;
    }

    private static BigInteger? RecoverX(BigInteger y, int sign)
    {
        if (y >= P)
        {
            return null;
        }
        var x2 = Mod((y * y - 1) * Inverse(D * y * y + 1));
        if (x2.IsZero)
        {
            return sign == 0 ? BigInteger.Zero : null;
        }
        var x = BigInteger.ModPow(x2, (P + 3) / 8, P);
        if (!Mod(x * x - x2).IsZero)
        {
            x = Mod(x * SqrtMinusOne);
        }
        if (!Mod(x * x - x2).IsZero)
        {
            return null;
        }
        if ((int)(x & 1) != sign)
        {
            x = P - x;
        }
        return x;
    }

    private static Point MakeBasePoint()
    {
        var y = Mod(4 * Inverse(5));
        var x = RecoverX(y, 0)!.Value;
        return new Point(x, y, 1, Mod(x * y));
    }

    private static BigInteger Mod(BigInteger value) => Mod(value, P);

    private static BigInteger Mod(BigInteger value, BigInteger modulus)
    {
        var r = BigInteger.Remainder(value, modulus);
        return r.Sign < 0 ? r + modulus : r;
    }

    private static BigInteger Inverse(BigInteger value) => BigInteger.ModPow(Mod(value), P - 2, P);

    private static BigInteger FromLittleEndian(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: true, isBigEndian: false);

    private static byte[] ToLittleEndian(BigInteger value)
    {
        var output = new byte[32];
        value.TryWriteBytes(output, out _, isUnsigned: true, isBigEndian: false);
        return output;
    }
}
