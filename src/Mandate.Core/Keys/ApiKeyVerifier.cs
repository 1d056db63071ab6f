using System.Security.Cryptography;

namespace Mandate.Core.Keys;

/// <summary>Why a presented API key was not accepted. Recorded in the audit trail; clients see less (see <see cref="ApiKeyVerification.Message"/>).</summary>
public enum ApiKeyRejection
{
    /// <summary>The text is not shaped like a Mandate key.</summary>
    Malformed,

    /// <summary>No key with that id exists.</summary>
    Unknown,

    /// <summary>The id exists but the secret does not match.</summary>
    WrongSecret,

    /// <summary>The key was revoked.</summary>
    Revoked,

    /// <summary>The key's expiry has passed.</summary>
    Expired,
}

/// <summary>The outcome of checking a presented key.</summary>
/// <param name="KeyId">The id parsed from the key (null when malformed): the rate-limit and audit subject.</param>
/// <param name="Key">The stored key when accepted.</param>
/// <param name="Rejection">Why it was refused, or null when accepted.</param>
/// <param name="Message">Text safe to return to the client. Unknown ids and wrong secrets read the same,
/// so the answer does not tell a guesser which ids exist; revoked and expired are only told to a
/// caller holding the real key.</param>
public sealed record ApiKeyVerification(string? KeyId, StoredApiKey? Key, ApiKeyRejection? Rejection, string Message)
{
    /// <summary>True when the key was accepted.</summary>
    public bool IsValid => Rejection is null;

    /// <summary>Throws <c>unauthenticated</c> carrying the rejection reason unless the key was accepted.</summary>
    public StoredApiKey EnsureValid()
    {
        if (Key is not null && Rejection is null)
        {
            return Key;
        }

        throw new MandateException(MandateErrorCodes.Unauthenticated, Message,
            new Dictionary<string, object?> { ["reason"] = RejectionNames.ToWireName(Rejection ?? ApiKeyRejection.Unknown), ["keyId"] = KeyId });
    }
}

/// <summary>Wire names of <see cref="ApiKeyRejection"/> (<c>malformed</c>, <c>unknown</c>, <c>wrong-secret</c>, <c>revoked</c>, <c>expired</c>).</summary>
public static class RejectionNames
{
    /// <summary>The wire name of a rejection reason.</summary>
    public static string ToWireName(ApiKeyRejection rejection) => rejection switch
    {
        ApiKeyRejection.Malformed => "malformed",
        ApiKeyRejection.Unknown => "unknown",
        ApiKeyRejection.WrongSecret => "wrong-secret",
        ApiKeyRejection.Revoked => "revoked",
        ApiKeyRejection.Expired => "expired",
        _ => throw new ArgumentOutOfRangeException(nameof(rejection), rejection, "not a defined rejection"),
    };
}

/// <summary>
/// Checks a presented API key against its stored form. The caller parses the id (or lets
/// <see cref="VerifyAsync"/> do it), looks the id up in the store, and passes the record here.
/// </summary>
/// <param name="time">The clock for expiry; the system clock by default.</param>
public sealed class ApiKeyVerifier(TimeProvider? time = null)
{
    private const string NotValid = "the API key is not valid";

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Parses the key, looks its id up with <paramref name="lookup"/> and verifies it.</summary>
    public async ValueTask<ApiKeyVerification> VerifyAsync(string? presented,
        Func<string, CancellationToken, ValueTask<StoredApiKey?>> lookup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        if (!ApiKeyFormat.TryParse(presented, out var keyId, out var problem))
        {
            return new ApiKeyVerification(null, null, ApiKeyRejection.Malformed, problem);
        }

        return Verify(presented!, await lookup(keyId, cancellationToken));
    }

    /// <summary>
    /// Verifies <paramref name="presented"/> against <paramref name="stored"/> (the record for its id,
    /// or null when none exists). The secret is compared before revocation and expiry are revealed, and
    /// in constant time.
    /// </summary>
    public ApiKeyVerification Verify(string? presented, StoredApiKey? stored)
    {
        if (!ApiKeyFormat.TryParse(presented, out var keyId, out var problem))
        {
            return new ApiKeyVerification(null, null, ApiKeyRejection.Malformed, problem);
        }

        if (stored is null || !string.Equals(stored.KeyId, keyId, StringComparison.Ordinal))
        {
            return new ApiKeyVerification(keyId, null, ApiKeyRejection.Unknown, NotValid);
        }

        if (!HashMatches(presented!, stored))
        {
            return new ApiKeyVerification(keyId, null, ApiKeyRejection.WrongSecret, NotValid);
        }

        if (stored.RevokedAt is { } revokedAt)
        {
            return new ApiKeyVerification(keyId, null, ApiKeyRejection.Revoked,
                $"API key {keyId} was revoked at {revokedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC; ask an admin for a new key");
        }

        if (stored.ExpiresAt is { } expiresAt && _time.GetUtcNow() >= expiresAt)
        {
            return new ApiKeyVerification(keyId, null, ApiKeyRejection.Expired,
                $"API key {keyId} expired at {expiresAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC; ask an admin for a new key");
        }

        return new ApiKeyVerification(keyId, stored, null, $"API key {keyId} accepted");
    }

    private static bool HashMatches(string presented, StoredApiKey stored)
    {
        byte[] expected;
        try
        {
            expected = Convert.FromHexString(stored.Hash);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"the stored hash of API key {stored.KeyId} is not hex; the key store is corrupt");
        }

        var actual = Convert.FromHexString(ApiKeyFormat.Hash(presented));
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
