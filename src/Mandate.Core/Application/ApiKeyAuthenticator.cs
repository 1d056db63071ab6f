namespace Mandate.Core.Application;

using Mandate.Core.Access;
using Mandate.Core.Audit;
using Mandate.Core.Keys;
using Mandate.Core.Stores;

/// <summary>
/// Turns a presented API key into a <see cref="Principal"/> for MCP and REST alike, so transports only
/// read the header. A source (remote address) with too many recent failures is refused before its key is
/// even looked at; every failure is audited as <c>auth.failed</c> with the key id (never the secret) and
/// the reason, and the start of a lockout as <c>auth.locked_out</c>.
/// </summary>
public sealed class ApiKeyAuthenticator
{
    /// <summary>The audit action of a refused key.</summary>
    public const string FailedAction = "auth.failed";

    /// <summary>The audit action recorded when a source gets locked out.</summary>
    public const string LockedOutAction = "auth.locked_out";

    private const string BearerPrefix = "Bearer ";

    // last_used_at is a convenience for people, not a log: writing it at most once a minute per key keeps
    // every authenticated request from turning into a store write.
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    private readonly IMandateStore _store;
    private readonly ApiKeyVerifier _verifier;
    private readonly AuthFailureLimiter _limiter;
    private readonly AuditRecorder _audit;
    private readonly TimeProvider _clock;

    /// <summary>Creates an authenticator over <paramref name="store"/>; <paramref name="limits"/> default to 10 failures a minute.</summary>
    public ApiKeyAuthenticator(IMandateStore store, TimeProvider clock, AuthFailureLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        _store = store;
        _clock = clock;
        _verifier = new ApiKeyVerifier(clock);
        _limiter = new AuthFailureLimiter(limits, clock);
        _audit = new AuditRecorder(store, clock);
    }

    /// <summary>
    /// Authenticates <paramref name="bearerToken"/> (the key, with or without a <c>Bearer </c> prefix) from
    /// <paramref name="remoteAddress"/>. Throws <c>unauthenticated</c> for a missing or bad key and
    /// <see cref="AuthErrorCodes.RateLimited"/> while the source is locked out.
    /// </summary>
    public async Task<Principal> AuthenticateAsync(string? bearerToken, string remoteAddress, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(remoteAddress);
        _limiter.EnsureNotLockedOut(remoteAddress);
        var presented = bearerToken?.Trim();
        if (presented is not null && presented.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            presented = presented[BearerPrefix.Length..].Trim();
        }

        if (string.IsNullOrEmpty(presented))
        {
            // No credential is not a guess: nothing to count or audit, just say what is needed.
            throw new MandateException(MandateErrorCodes.Unauthenticated,
                "no API key was presented; send 'Authorization: Bearer mdt_…' with a key from 'mandate admin create-key'",
                new Dictionary<string, object?> { ["reason"] = "missing" });
        }

        var verification = await _verifier.VerifyAsync(presented,
            async (keyId, ct) => (await _store.Principals.FindKeyAsync(keyId, ct))?.Key, cancellationToken);
        if (!verification.IsValid)
        {
            await FailAsync(remoteAddress, verification.KeyId, RejectionNames.ToWireName(verification.Rejection!.Value), cancellationToken);
            verification.EnsureValid();
        }

        var key = (await _store.Principals.FindKeyAsync(verification.KeyId!, cancellationToken))!;
        var principal = await _store.Principals.GetAsync(key.PrincipalId, cancellationToken);
        if (principal is null || principal.DisabledAt is not null)
        {
            await FailAsync(remoteAddress, key.Key.KeyId, "disabled", cancellationToken);
            throw new MandateException(MandateErrorCodes.Unauthenticated,
                $"API key {key.Key.KeyId} belongs to a disabled principal; ask an admin for a new key",
                new Dictionary<string, object?> { ["reason"] = "disabled", ["keyId"] = key.Key.KeyId });
        }

        var now = _clock.GetUtcNow();
        if (key.LastUsedAt is not { } lastUsed || now - lastUsed >= TouchInterval)
        {
            await _store.Principals.TouchKeyAsync(key.Key.KeyId, now, cancellationToken);
        }

        return Principal.ApiKey(principal.Id, principal.DisplayName, key.Key.Scope);
    }

    private async Task FailAsync(string remoteAddress, string? keyId, string reason, CancellationToken cancellationToken)
    {
        var lockout = _limiter.RecordFailure(remoteAddress);
        var target = new AuditTarget("api-key", keyId ?? "(unparsed)");
        var payload = new AuditPayloadBuilder().Add("remote", remoteAddress).Add("key_id", keyId).Add("reason", reason).Build();
        await _audit.AppendAsync("anonymous", remoteAddress, FailedAction, target, AuditOutcomes.Denied, payload, cancellationToken);
        if (lockout is { } started)
        {
            await _audit.AppendAsync("anonymous", remoteAddress, LockedOutAction, new AuditTarget("source", remoteAddress), AuditOutcomes.Denied,
                new AuditPayloadBuilder().Add("remote", remoteAddress).Add("until", started.Until.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture)).Build(),
                cancellationToken);
        }
    }
}
