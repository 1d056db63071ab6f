using System.Security.Cryptography;
using Mandate.Core.Access;

namespace Mandate.Core.Keys;

/// <summary>Creates API keys (for <c>mandate admin create-key</c>, bootstrap and the console).</summary>
/// <param name="time">The clock for creation times and expiry checks; the system clock by default.</param>
public sealed class ApiKeyFactory(TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>
    /// Creates a key with a random id and a 256-bit random secret. An expiry, when given, must be in
    /// the future (invalid_argument otherwise).
    /// </summary>
    public IssuedApiKey Create(KeyScope scope, DateTimeOffset? expiresAt = null)
    {
        var now = _time.GetUtcNow();
        if (expiresAt is { } expiry && expiry <= now)
        {
            throw new MandateException(MandateErrorCodes.InvalidArgument,
                $"the key's expiry {expiry:O} is not in the future (now {now:O}); give a later time or none");
        }

        var keyId = new string(RandomNumberGenerator.GetItems<char>(ApiKeyFormat.KeyIdAlphabet, ApiKeyFormat.KeyIdLength));
        var secret = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var plain = $"{ApiKeyFormat.Prefix}{keyId}_{secret}";
        return new IssuedApiKey(plain, new StoredApiKey(keyId, ApiKeyFormat.Hash(plain), scope, now, expiresAt, RevokedAt: null));
    }
}
