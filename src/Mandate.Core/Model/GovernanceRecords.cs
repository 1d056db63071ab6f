namespace Mandate.Core.Model;

using Mandate.Core.Access;
using Mandate.Core.Keys;

/// <summary>A space as stored: roles granted on it apply to it and every space below it.</summary>
/// <param name="Id">The space's name (also its key).</param>
/// <param name="ParentId">The parent space; null only for the root.</param>
/// <param name="Name">A name for people; defaults to the id.</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record SpaceRecord(SpaceId Id, SpaceId? ParentId, string Name, DateTimeOffset CreatedAt)
{
    /// <summary>The parent link the <see cref="SpaceTree"/> is built from.</summary>
    public SpaceLink Link => new(Id, ParentId);
}

/// <summary>A principal as stored: a console user or an API key (whose id is the key id).</summary>
/// <param name="Id">The principal id.</param>
/// <param name="Kind">User or API key.</param>
/// <param name="DisplayName">A name for people (audit, lists).</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="DisabledAt">When it was disabled, if it was; a disabled principal cannot act.</param>
public sealed record PrincipalRecord(string Id, PrincipalKind Kind, string DisplayName, DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt);

/// <summary>A role binding with who granted it and when.</summary>
/// <param name="Binding">The principal, space and role.</param>
/// <param name="GrantedBy">The granting principal's id (or e.g. <c>local:alice</c> for the CLI).</param>
/// <param name="GrantedAt">When it was granted.</param>
public sealed record RoleGrant(RoleBinding Binding, string GrantedBy, DateTimeOffset GrantedAt);

/// <summary>An API key as stored: only its hash, never the key.</summary>
/// <param name="PrincipalId">The principal the key authenticates as.</param>
/// <param name="Key">Id, hash, scope, creation, expiry and revocation.</param>
/// <param name="LastUsedAt">When it last authenticated successfully, if ever.</param>
public sealed record ApiKeyRecord(string PrincipalId, StoredApiKey Key, DateTimeOffset? LastUsedAt);
