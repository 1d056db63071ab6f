using System.Security.Cryptography;
using System.Text;

namespace Mandate.Core.Secrets;

/// <summary>
/// A 256-bit key for <see cref="SecretProtector"/>. Its <see cref="Id"/> is derived from the key bytes
/// (a truncated SHA-256 under a fixed label), so stored ciphertexts name the key that sealed them
/// without any registry of ids, and the id reveals nothing usable about the key.
/// <see cref="ToString"/> never prints key material.
/// </summary>
public sealed class SecretKey
{
    /// <summary>Key length in bytes (AES-256).</summary>
    public const int SizeInBytes = 32;

    private readonly byte[] _bytes;

    private SecretKey(byte[] bytes)
    {
        _bytes = bytes;
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var label = Encoding.ASCII.GetBytes("mandate-secret-key-id\0");
        SHA256.HashData([.. label, .. bytes], hash);
        Id = Convert.ToHexStringLower(hash[..8]);
    }

    /// <summary>16 lowercase hex characters naming this key in every ciphertext it seals.</summary>
    public string Id { get; }

    internal ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>A fresh random key.</summary>
    public static SecretKey Generate() => new(RandomNumberGenerator.GetBytes(SizeInBytes));

    /// <summary>Wraps exactly 32 bytes (copied).</summary>
    public static SecretKey FromBytes(ReadOnlySpan<byte> bytes) => bytes.Length == SizeInBytes
        ? new SecretKey(bytes.ToArray())
        : throw Unusable($"a secret key must be {SizeInBytes} bytes; got {bytes.Length}");

    /// <summary>
    /// Parses base64 (standard or URL-safe, surrounding whitespace ignored) of 32 bytes;
    /// <paramref name="source"/> says where the text came from, for the error.
    /// </summary>
    public static SecretKey FromBase64(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim().Replace('-', '+').Replace('_', '/');
        trimmed = trimmed.PadRight(trimmed.Length + ((4 - (trimmed.Length % 4)) % 4), '=');
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(trimmed);
        }
        catch (FormatException)
        {
            throw Unusable($"the secret key from {source} is not base64; generate one with: head -c 32 /dev/urandom | base64");
        }

        return bytes.Length == SizeInBytes
            ? new SecretKey(bytes)
            : throw Unusable($"the secret key from {source} decodes to {bytes.Length} bytes; it must be {SizeInBytes} (generate one with: head -c 32 /dev/urandom | base64)");
    }

    /// <summary>The key as standard base64, for writing a key file.</summary>
    internal string ToBase64() => Convert.ToBase64String(_bytes);

    /// <inheritdoc />
    public override string ToString() => $"SecretKey({Id})";

    internal static MandateException Unusable(string message) => new(SecretErrorCodes.SecretKeyUnusable, message);
}
