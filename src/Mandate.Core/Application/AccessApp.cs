namespace Mandate.Core.Application;

using System.Globalization;
using Mandate.Core.Access;
using Mandate.Core.Audit;
using Mandate.Core.Keys;
using Mandate.Core.Model;
using Mandate.Core.Stores;

/// <summary>A new console user with its first role.</summary>
/// <param name="UserId">1-64 characters of a-z, 0-9, '.', '_', '@', '-'.</param>
public sealed record UserCreateRequest(string UserId, string DisplayName, SpaceId Space, Role Role);

/// <summary>A new API key: its own principal, granted <paramref name="Role"/> on <paramref name="Space"/>.</summary>
/// <param name="Scope"><c>read</c> keys can never mutate, whatever the role.</param>
/// <param name="ExpiresAt">When it stops working; null for never.</param>
public sealed record ApiKeyCreateRequest(KeyScope Scope, SpaceId Space, Role Role, string? DisplayName = null, DateTimeOffset? ExpiresAt = null);

/// <summary>
/// A key just issued. <see cref="PlainText"/> is the only copy of the key anywhere: show it once and drop
/// it. <see cref="ToString"/> leaves it out so it cannot reach a log by accident.
/// </summary>
public sealed record CreatedApiKey(string KeyId, string PlainText, KeyScope Scope, SpaceId Space, Role Role, string DisplayName, DateTimeOffset? ExpiresAt)
{
    /// <inheritdoc />
    public override string ToString() => $"CreatedApiKey {{ KeyId = {KeyId}, Scope = {Scope.ToWireName()}, Role = {Role.ToWireName()}@{Space} }}";
}

/// <summary>Who the caller is and which roles it holds.</summary>
public sealed record CallerInfo(Principal Principal, IReadOnlyList<RoleBinding> Roles);

/// <summary>Spaces, principals, API keys and role grants: the admin's side of governance.</summary>
public sealed partial class AccessApp
{
    private readonly IMandateStore _store;
    private readonly AccessGuard _guard;
    private readonly AuditRecorder _audit;
    private readonly TimeProvider _clock;

    internal AccessApp(IMandateStore store, AccessGuard guard, TimeProvider clock)
    {
        _store = store;
        _guard = guard;
        _clock = clock;
        _audit = new AuditRecorder(store, clock);
    }

    /// <summary>The caller itself and its role bindings; needs no role.</summary>
    public async Task<CallerInfo> DescribeCallerAsync(CallContext ctx, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        return new CallerInfo(ctx.Principal, await _guard.BindingsAsync(ctx, cancellationToken));
    }

    /// <summary>The spaces the caller may read, ordered by id.</summary>
    public async Task<IReadOnlyList<SpaceRecord>> ListSpacesAsync(CallContext ctx, CancellationToken cancellationToken = default)
    {
        var readable = (await _guard.SpacesAllowingAsync(ctx, MandateAction.SpaceRead, cancellationToken)).ToHashSet();
        return (await _store.Spaces.ListAsync(cancellationToken)).Where(s => readable.Contains(s.Id)).ToList();
    }

    /// <summary>Creates a space below <paramref name="parent"/> (authorized on the parent).</summary>
    public async Task<SpaceRecord> CreateSpaceAsync(CallContext ctx, SpaceId id, SpaceId parent, string? name = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        await _guard.AuthorizeAsync(ctx, parent, MandateAction.SpaceManage, AuditTarget.Space(id.Value), cancellationToken);
        var space = new SpaceRecord(id, parent, string.IsNullOrWhiteSpace(name) ? id.Value : name.Trim(), _clock.GetUtcNow());
        await using var transaction = await _store.BeginAsync(cancellationToken);
        await transaction.Spaces.CreateAsync(space, cancellationToken);
        await _audit.AppendAsync(ctx, MandateAction.SpaceManage.Name, AuditTarget.Space(id.Value), AuditOutcomes.Succeeded,
            new AuditPayloadBuilder().Add("change", "create").Add("space", id.Value).Add("parent", parent.Value).Add("name", space.Name).Build(),
            cancellationToken, transaction);
        await transaction.CommitAsync(cancellationToken);
        return space;
    }

    /// <summary>Creates a console user and grants it its first role (authorized as a role grant on that space).</summary>
    public async Task<PrincipalRecord> CreateUserAsync(CallContext ctx, UserCreateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(request);
        await _guard.AuthorizeAsync(ctx, request.Space, MandateAction.RoleManage, AuditTarget.Principal(request.UserId), cancellationToken);
        var userId = ValidUserId(request.UserId);
        var now = _clock.GetUtcNow();
        var user = new PrincipalRecord(userId, PrincipalKind.User, string.IsNullOrWhiteSpace(request.DisplayName) ? userId : request.DisplayName.Trim(), now, null);
        await using var transaction = await _store.BeginAsync(cancellationToken);
        await transaction.Principals.CreateAsync(user, cancellationToken);
        await transaction.Principals.GrantAsync(new RoleGrant(new RoleBinding(userId, request.Space, request.Role), ctx.Principal.Id, now), cancellationToken);
        await _audit.AppendAsync(ctx, MandateAction.RoleManage.Name, AuditTarget.Principal(userId), AuditOutcomes.Succeeded,
            new AuditPayloadBuilder().Add("change", "create-user").Add("principal", userId).Add("display_name", user.DisplayName)
                .Add("space", request.Space.Value).Add("role", request.Role.ToWireName()).Build(),
            cancellationToken, transaction);
        await transaction.CommitAsync(cancellationToken);
        return user;
    }

    /// <summary>
    /// Issues an API key with its own principal and role. The plain key is returned once; the store keeps
    /// only its SHA-256.
    /// </summary>
    public async Task<CreatedApiKey> CreateApiKeyAsync(CallContext ctx, ApiKeyCreateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(request);
        var target = new AuditTarget("api-key", "new");
        await _guard.AuthorizeAsync(ctx, request.Space, MandateAction.KeyManage, target, cancellationToken);
        await _guard.AuthorizeAsync(ctx, request.Space, MandateAction.RoleManage, target, cancellationToken);
        var now = _clock.GetUtcNow();
        if (request.ExpiresAt is { } expiry && expiry <= now)
        {
            throw new MandateException(MandateErrorCodes.InvalidArgument,
                $"the expiry {expiry.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)} is not in the future; give a later time, or none for a key that does not expire");
        }

        var issued = new ApiKeyFactory(_clock).Create(request.Scope, request.ExpiresAt);
        var keyId = issued.Stored.KeyId;
        var displayName = string.IsNullOrWhiteSpace(request.DisplayName)
            ? $"{request.Role.ToWireName()} key created by {ctx.Principal.DisplayName}"
            : request.DisplayName.Trim();
        await using var transaction = await _store.BeginAsync(cancellationToken);
        await transaction.Principals.CreateAsync(new PrincipalRecord(keyId, PrincipalKind.ApiKey, displayName, now, null), cancellationToken);
        await transaction.Principals.GrantAsync(new RoleGrant(new RoleBinding(keyId, request.Space, request.Role), ctx.Principal.Id, now), cancellationToken);
        await transaction.Principals.CreateKeyAsync(keyId, issued.Stored, cancellationToken);
        await _audit.AppendAsync(ctx, MandateAction.KeyManage.Name, new AuditTarget("api-key", keyId), AuditOutcomes.Succeeded,
            new AuditPayloadBuilder().Add("change", "create").Add("key_id", keyId).Add("display_name", displayName).Add("scope", request.Scope.ToWireName())
                .Add("space", request.Space.Value).Add("role", request.Role.ToWireName())
                .Add("expires_at", issued.Stored.ExpiresAt?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)).Build(),
            cancellationToken, transaction);
        await transaction.CommitAsync(cancellationToken);
        return new CreatedApiKey(keyId, issued.PlainText, request.Scope, request.Space, request.Role, displayName, issued.Stored.ExpiresAt);
    }

    /// <summary>
    /// Revokes a key: it stops working at once. Authorized on every space where the key holds a role (the
    /// root when it holds none), so a space admin cannot revoke keys of spaces it does not administer.
    /// </summary>
    public async Task RevokeApiKeyAsync(CallContext ctx, string keyId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        var key = await _store.Principals.FindKeyAsync(keyId, cancellationToken) ?? throw KeyMissing(keyId);
        var target = new AuditTarget("api-key", keyId);
        var grants = (await _store.Principals.ListGrantsAsync(key.PrincipalId, cancellationToken)).Select(g => g.Binding.Space).Distinct().ToList();
        List<SpaceId> spaces = grants.Count == 0 ? [SpaceId.Root] : grants;

        // A key is visible to whoever may read one of the spaces it holds a role on; to anyone else it does not exist.
        var visible = false;
        foreach (var space in spaces)
        {
            visible = visible || await _guard.IsAllowedAsync(ctx, space, MandateAction.SpaceRead, cancellationToken);
        }

        foreach (var space in spaces)
        {
            await (visible
                ? _guard.AuthorizeVisibleTargetAsync(ctx, space, MandateAction.KeyManage, target, cancellationToken)
                : _guard.AuthorizeTargetAsync(ctx, space, MandateAction.KeyManage, target, MandateAction.SpaceRead, KeyMissing(keyId), cancellationToken));
        }

        await using var transaction = await _store.BeginAsync(cancellationToken);
        await transaction.Principals.RevokeKeyAsync(keyId, _clock.GetUtcNow(), cancellationToken);
        await _audit.AppendAsync(ctx, MandateAction.KeyManage.Name, target, AuditOutcomes.Succeeded,
            new AuditPayloadBuilder().Add("change", "revoke").Add("key_id", keyId).Add("principal", key.PrincipalId)
                .Add("already_revoked", key.Key.RevokedAt is not null).Build(),
            cancellationToken, transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Grants <paramref name="role"/> on <paramref name="space"/> (and so every space below it); granting twice is a no-op.</summary>
    public Task GrantRoleAsync(CallContext ctx, string principalId, SpaceId space, Role role, CancellationToken cancellationToken = default) =>
        ChangeRoleAsync(ctx, principalId, space, role, grant: true, cancellationToken);

    /// <summary>Revokes one role binding; false when it was not there.</summary>
    public Task<bool> RevokeRoleAsync(CallContext ctx, string principalId, SpaceId space, Role role, CancellationToken cancellationToken = default) =>
        ChangeRoleAsync(ctx, principalId, space, role, grant: false, cancellationToken);

    private async Task<bool> ChangeRoleAsync(CallContext ctx, string principalId, SpaceId space, Role role, bool grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentException.ThrowIfNullOrWhiteSpace(principalId);
        var target = AuditTarget.Principal(principalId);
        await _guard.AuthorizeAsync(ctx, space, MandateAction.RoleManage, target, cancellationToken);
        var binding = new RoleBinding(principalId, space, role);
        await using var transaction = await _store.BeginAsync(cancellationToken);
        var changed = true;
        if (grant)
        {
            await transaction.Principals.GrantAsync(new RoleGrant(binding, ctx.Principal.Id, _clock.GetUtcNow()), cancellationToken);
        }
        else
        {
            changed = await transaction.Principals.RevokeRoleAsync(binding, cancellationToken);
        }

        await _audit.AppendAsync(ctx, MandateAction.RoleManage.Name, target, changed ? AuditOutcomes.Succeeded : AuditOutcomes.Failed,
            new AuditPayloadBuilder().Add("change", grant ? "grant" : "revoke").Add("principal", principalId).Add("space", space.Value)
                .Add("role", role.ToWireName()).Build(),
            cancellationToken, transaction);
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    private static MandateException KeyMissing(string keyId) =>
        new(MandateErrorCodes.NotFound, $"API key '{keyId}' does not exist", new Dictionary<string, object?> { ["key"] = keyId });

    private static string ValidUserId(string userId)
    {
        if (string.IsNullOrEmpty(userId) || userId.Length > 64 || !userId.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '@' or '-'))
        {
            throw new MandateException(MandateErrorCodes.InvalidArgument,
                $"user id '{userId}' is not valid: 1-64 characters of a-z, 0-9, '.', '_', '@' and '-', e.g. 'alice@example.com'",
                new Dictionary<string, object?> { ["user"] = userId });
        }

        return userId;
    }
}
