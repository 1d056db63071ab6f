using System.Security.Cryptography;
using System.Text;

namespace Mandate.Core.Secrets;

/// <summary>
/// Encrypts secrets for storage with AES-256-GCM. Text format, version 1:
/// <c>mk1:&lt;key id&gt;:&lt;base64(nonce[12] | ciphertext | tag[16])&gt;</c>.
/// </summary>
/// <remarks>
/// <para>Every encryption draws a fresh random 96-bit nonce; with one key that is safe for far more
/// secrets than a Mandate store will ever hold (the GCM bound is about 2^32 encryptions per key).</para>
/// <para>The associated data says where the ciphertext lives, e.g. <c>integration:42:secret_key</c>.
/// It is authenticated, not stored: a ciphertext copied into another row or field fails to decrypt,
/// so someone with write access to the database cannot move a secret to where it would be revealed.
/// The format version and key id are authenticated too.</para>
/// <para>Rotation: construct with the new key as current and old keys as previous; reads accept any of
/// them, writes use the current one, and <see cref="NeedsRotation"/> finds values to re-encrypt.</para>
/// </remarks>
public sealed class SecretProtector
{
    /// <summary>The prefix of every value this version writes.</summary>
    public const string FormatPrefix = "mk1:";

    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly SecretKey _current;
    private readonly Dictionary<string, SecretKey> _keys = new(StringComparer.Ordinal);

    /// <summary>Creates a protector writing with <paramref name="current"/> and reading with it or any of <paramref name="previous"/>.</summary>
    public SecretProtector(SecretKey current, params IEnumerable<SecretKey> previous)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(previous);
        _current = current;
        _keys[current.Id] = current;
        foreach (var key in previous)
        {
            _keys.TryAdd(key.Id, key);
        }
    }

    /// <summary>The id of the key new values are sealed with.</summary>
    public string CurrentKeyId => _current.Id;

    /// <summary>True when the text looks like a value this class wrote (any key); used to keep ciphertexts out of logs and audit.</summary>
    public static bool LooksProtected(string? text) => text is not null && text.StartsWith(FormatPrefix, StringComparison.Ordinal);

    /// <summary>Encrypts <paramref name="plaintext"/> bound to <paramref name="associatedData"/> (where it will be stored).</summary>
    public string Protect(string plaintext, string associatedData)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        RequireAssociatedData(associatedData);
        var plainBytes = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[NonceSize + plainBytes.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(_current.Bytes, TagSize))
        {
            aes.Encrypt(nonce, plainBytes, sealedBytes.AsSpan(NonceSize, plainBytes.Length),
                sealedBytes.AsSpan(NonceSize + plainBytes.Length), AuthenticatedData(_current.Id, associatedData));
        }

        CryptographicOperations.ZeroMemory(plainBytes);
        return $"{FormatPrefix}{_current.Id}:{Convert.ToBase64String(sealedBytes)}";
    }

    /// <summary>
    /// Decrypts a value written by <see cref="Protect"/> with the same <paramref name="associatedData"/>.
    /// Throws <see cref="MandateException"/> (<see cref="SecretErrorCodes.SecretUnreadable"/>) when the
    /// format is unknown, the key is not loaded, or the value was altered or moved; the message never
    /// contains the value.
    /// </summary>
    public string Unprotect(string protectedText, string associatedData)
    {
        ArgumentNullException.ThrowIfNull(protectedText);
        RequireAssociatedData(associatedData);
        var (keyId, sealedBytes) = Parse(protectedText, associatedData);
        if (!_keys.TryGetValue(keyId, out var key))
        {
            throw Unreadable(associatedData,
                $"it was encrypted with key {keyId}, which is not loaded (current key is {_current.Id}); start with that key as a previous key to read and re-encrypt it");
        }

        var cipherLength = sealedBytes.Length - NonceSize - TagSize;
        var plainBytes = new byte[cipherLength];
        try
        {
            using var aes = new AesGcm(key.Bytes, TagSize);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, cipherLength),
                sealedBytes.AsSpan(NonceSize + cipherLength), plainBytes, AuthenticatedData(keyId, associatedData));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw Unreadable(associatedData, "it was altered, or it was encrypted for a different place than this one");
        }

        var plaintext = Encoding.UTF8.GetString(plainBytes);
        CryptographicOperations.ZeroMemory(plainBytes);
        return plaintext;
    }

    /// <summary>True when a stored value was sealed with a key other than the current one and should be re-encrypted.</summary>
    public bool NeedsRotation(string protectedText)
    {
        ArgumentNullException.ThrowIfNull(protectedText);
        return !protectedText.StartsWith($"{FormatPrefix}{_current.Id}:", StringComparison.Ordinal);
    }

    private static (string KeyId, byte[] Sealed) Parse(string text, string associatedData)
    {
        if (!text.StartsWith(FormatPrefix, StringComparison.Ordinal))
        {
            throw Unreadable(associatedData, $"it is not in a known format (expected a value starting with '{FormatPrefix}')");
        }

        var separator = text.IndexOf(':', FormatPrefix.Length);
        if (separator < 0)
        {
            throw Unreadable(associatedData, "it has no key id");
        }

        var keyId = text[FormatPrefix.Length..separator];
        byte[] sealedBytes;
        try
        {
            sealedBytes = Convert.FromBase64String(text[(separator + 1)..]);
        }
        catch (FormatException)
        {
            throw Unreadable(associatedData, "its payload is not base64");
        }

        return sealedBytes.Length < NonceSize + TagSize
            ? throw Unreadable(associatedData, $"its payload has {sealedBytes.Length} bytes, fewer than a nonce and a tag")
            : (keyId, sealedBytes);
    }

    // Version and key id are authenticated with the location so no part of the header can be swapped.
    private static byte[] AuthenticatedData(string keyId, string associatedData) =>
        Encoding.UTF8.GetBytes($"{FormatPrefix}{keyId}\0{associatedData}");

    private static void RequireAssociatedData(string associatedData)
    {
        if (string.IsNullOrEmpty(associatedData))
        {
            throw new ArgumentException("associated data must name where the secret is stored, e.g. 'integration:42:secret_key'", nameof(associatedData));
        }
    }

    private static MandateException Unreadable(string associatedData, string why) =>
        new(SecretErrorCodes.SecretUnreadable, $"the secret stored at '{associatedData}' cannot be decrypted: {why}",
            new Dictionary<string, object?> { ["location"] = associatedData });
}
