using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Mandate.Core.Keys;

/// <summary>
/// The text of an API key: <c>mdt_&lt;key id&gt;_&lt;secret&gt;</c>, where the key id is 12 characters
/// of <c>a-z0-9</c> (public: it names the key in lists and audit) and the secret is 32 random bytes
/// in unpadded base64url (43 characters). The fixed prefix lets secret scanners recognise leaked keys;
/// the fixed positions make parsing unambiguous even though base64url may contain '_'.
/// </summary>
public static class ApiKeyFormat
{
    /// <summary>Every key starts with this.</summary>
    public const string Prefix = "mdt_";

    /// <summary>Length of the key id.</summary>
    public const int KeyIdLength = 12;

    /// <summary>Length of the secret part (32 bytes, base64url without padding).</summary>
    public const int SecretLength = 43;

    /// <summary>Total length of a key.</summary>
    public const int Length = 4 + KeyIdLength + 1 + SecretLength;

    internal const string KeyIdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    private static readonly System.Buffers.SearchValues<char> KeyIdCharacters = System.Buffers.SearchValues.Create(KeyIdAlphabet);

    private const string Shape = "mdt_<12 characters a-z0-9>_<43 characters base64url>";

    /// <summary>
    /// Reads the key id out of presented text, or says what is wrong without echoing the text (it may
    /// be a real secret pasted into the wrong place).
    /// </summary>
    public static bool TryParse(string? presented, [NotNullWhen(true)] out string? keyId, [NotNullWhen(false)] out string? problem)
    {
        keyId = null;
        if (string.IsNullOrEmpty(presented))
        {
            problem = $"no API key was presented; send one shaped {Shape}";
            return false;
        }

        if (!presented.StartsWith(Prefix, StringComparison.Ordinal))
        {
            problem = $"the API key does not start with '{Prefix}'; a Mandate key is shaped {Shape}";
            return false;
        }

        if (presented.Length != Length)
        {
            problem = $"the API key has {presented.Length} characters; a Mandate key has {Length}, shaped {Shape}";
            return false;
        }

        var id = presented.AsSpan(Prefix.Length, KeyIdLength);
        if (id.ContainsAnyExcept(KeyIdCharacters) || presented[Prefix.Length + KeyIdLength] != '_')
        {
            problem = $"the API key's id part is not 12 characters of a-z0-9 followed by '_'; a Mandate key is shaped {Shape}";
            return false;
        }

        foreach (var c in presented.AsSpan(Prefix.Length + KeyIdLength + 1))
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                problem = $"the API key's secret part contains a character outside base64url; a Mandate key is shaped {Shape}";
                return false;
            }
        }

        keyId = id.ToString();
        problem = null;
        return true;
    }

    /// <summary>SHA-256 of the whole key text, as 64 lowercase hex characters: the only form ever stored.</summary>
    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }
}
