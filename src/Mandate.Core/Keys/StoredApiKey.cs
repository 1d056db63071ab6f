using Mandate.Core.Access;

namespace Mandate.Core.Keys;

/// <summary>
/// What the store keeps about an API key: never the key, only its SHA-256. The key secret has 256
/// random bits, so a plain (unsalted, fast) hash is enough: there is nothing to brute-force.
/// </summary>
/// <param name="KeyId">The public id (the 12 characters after <c>mdt_</c>); also the principal id.</param>
/// <param name="Hash">SHA-256 of the whole key, 64 lowercase hex characters.</param>
/// <param name="Scope"><c>read</c> or <c>write</c>.</param>
/// <param name="CreatedAt">When it was issued.</param>
/// <param name="ExpiresAt">When it stops working, if ever.</param>
/// <param name="RevokedAt">When it was revoked, if it was.</param>
public sealed record StoredApiKey(string KeyId, string Hash, KeyScope Scope, DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt)
{
    /// <summary>This key revoked at <paramref name="at"/> (an earlier revocation is kept).</summary>
    public StoredApiKey Revoke(DateTimeOffset at) => RevokedAt is null ? this with { RevokedAt = at } : this;
}

/// <summary>
/// A newly created key: <see cref="PlainText"/> is shown to its owner once and then dropped;
/// <see cref="Stored"/> is what gets persisted. <see cref="ToString"/> omits the plain text so the key
/// cannot reach a log by accident.
/// </summary>
/// <param name="PlainText">The full key, e.g. <c>mdt_3k9x…_…</c>.</param>
/// <param name="Stored">The hashed form to persist.</param>
public sealed record IssuedApiKey(string PlainText, StoredApiKey Stored)
{
    /// <inheritdoc />
    public override string ToString() => $"IssuedApiKey {{ KeyId = {Stored.KeyId}, Scope = {Stored.Scope.ToWireName()} }}";
}
