namespace Mandate.Cli.Commands;

using Mandate.Core;
using Mandate.Core.Access;
using Mandate.Core.Audit;
using Mandate.Core.Keys;
using Mandate.Core.Model;
using Mandate.Core.Stores;

/// <summary>What key to issue.</summary>
/// <param name="Scope">read or write.</param>
/// <param name="Space">The space the role is granted on.</param>
/// <param name="Role">The role granted to the key's principal.</param>
/// <param name="DisplayName">A name for people; null for a generated one.</param>
/// <param name="ValidFor">How long the key works; null for no expiry.</param>
internal sealed record KeyRequest(KeyScope Scope, SpaceId Space, Role Role, string? DisplayName, TimeSpan? ValidFor = null);

/// <summary>Who issues a key from outside the server: the local OS user, or the system at bootstrap.</summary>
internal sealed record IssuingActor(string Id, string Display);

/// <summary>
/// Issues an API key: its principal, the role binding, the hashed key and the audit entry land in one
/// unit of work, so a key never exists without its record in the trail (or the other way round).
/// </summary>
internal static class KeyIssuer
{
    /// <summary>The person running the CLI on this machine; whoever can open the store file acts as admin.</summary>
    public static IssuingActor LocalActor() => new($"local:{Environment.UserName}", $"{Environment.UserName} (local CLI)");

    /// <summary>The actor of the admin key made on first start.</summary>
    public static IssuingActor BootstrapActor { get; } = new("system:bootstrap", "first start of mandate serve");

    public static async Task<IssuedApiKey> IssueAsync(IMandateStore store, KeyRequest request, IssuingActor actor, TimeProvider time,
        CancellationToken cancellationToken) =>
        (await IssueAsync(store, request, actor, time, onlyIntoEmptyStore: false, cancellationToken))!;

    /// <summary>
    /// Issues an admin key on the root space if, and only if, the store has no principal yet; null otherwise.
    /// The emptiness check and the insert share one write transaction, so two first starts cannot both issue one.
    /// </summary>
    public static Task<IssuedApiKey?> BootstrapAsync(IMandateStore store, TimeProvider time, CancellationToken cancellationToken) =>
        IssueAsync(store, new KeyRequest(KeyScope.Write, SpaceId.Root, Role.Admin, "bootstrap admin key"), BootstrapActor, time,
            onlyIntoEmptyStore: true, cancellationToken);

    private static async Task<IssuedApiKey?> IssueAsync(IMandateStore store, KeyRequest request, IssuingActor actor, TimeProvider time,
        bool onlyIntoEmptyStore, CancellationToken cancellationToken)
    {
        var issued = new ApiKeyFactory(time).Create(request.Scope, time.GetUtcNow() + request.ValidFor);
        var keyId = issued.Stored.KeyId;
        var now = issued.Stored.CreatedAt;
        var displayName = string.IsNullOrWhiteSpace(request.DisplayName)
            ? $"{request.Role.ToWireName()} key created by {actor.Display} on {now.UtcDateTime:yyyy-MM-dd}"
            : request.DisplayName;

        await using var transaction = await store.BeginAsync(cancellationToken);
        if (onlyIntoEmptyStore && await transaction.Principals.CountAsync(cancellationToken) > 0)
        {
            return null;
        }

        if (await transaction.Spaces.GetAsync(request.Space, cancellationToken) is null)
        {
            var known = (await transaction.Spaces.ListAsync(cancellationToken)).Select(s => s.Id.Value);
            throw new MandateException(MandateErrorCodes.NotFound,
                $"space '{request.Space}' does not exist; existing spaces: {string.Join(", ", known)}");
        }

        await transaction.Principals.CreateAsync(new PrincipalRecord(keyId, PrincipalKind.ApiKey, displayName, now, null), cancellationToken);
        await transaction.Principals.GrantAsync(new RoleGrant(new RoleBinding(keyId, request.Space, request.Role), actor.Id, now), cancellationToken);
        await transaction.Principals.CreateKeyAsync(keyId, issued.Stored, cancellationToken);
        var payload = new AuditPayloadBuilder()
            .Add("key_id", keyId)
            .Add("display_name", displayName)
            .Add("scope", request.Scope.ToWireName())
            .Add("space", request.Space.Value)
            .Add("role", request.Role.ToWireName())
            .Add("expires_at", issued.Stored.ExpiresAt?.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture))
            .Build();
        await transaction.Audit.AppendAsync(new AuditEvent(now, actor.Id, actor.Display, "api-key.create", "api-key", keyId, null, null,
            AuditOutcomes.Succeeded, payload), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return issued;
    }
}
