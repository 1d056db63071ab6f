namespace Mandate.Core.Stores;

using Mandate.Core.Access;
using Mandate.Core.Keys;
using Mandate.Core.Model;

/// <summary>Principals, the roles granted to them, and their API keys (stored as hashes only).</summary>
public interface IPrincipalStore
{
    /// <summary>Adds a principal; <see cref="MandateErrorCodes.AlreadyExists"/> when the id is taken.</summary>
    Task CreateAsync(PrincipalRecord principal, CancellationToken cancellationToken = default);

    Task<PrincipalRecord?> GetAsync(string principalId, CancellationToken cancellationToken = default);

    /// <summary>How many principals exist (zero means a new installation that needs a bootstrap key).</summary>
    Task<long> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>Marks a principal disabled at <paramref name="at"/> (an earlier time is kept); false when it does not exist.</summary>
    Task<bool> DisableAsync(string principalId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Grants a role; granting a binding that already exists is a no-op that keeps the original grant.
    /// <see cref="MandateErrorCodes.NotFound"/> when the principal or the space does not exist.
    /// </summary>
    Task GrantAsync(RoleGrant grant, CancellationToken cancellationToken = default);

    /// <summary>Removes one binding; false when it was not there.</summary>
    Task<bool> RevokeRoleAsync(RoleBinding binding, CancellationToken cancellationToken = default);

    /// <summary>The principal's bindings, ordered by space then role.</summary>
    Task<IReadOnlyList<RoleGrant>> ListGrantsAsync(string principalId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a key's hash for a principal; <see cref="MandateErrorCodes.AlreadyExists"/> when the key id
    /// is taken, <see cref="MandateErrorCodes.NotFound"/> when the principal does not exist.
    /// </summary>
    Task CreateKeyAsync(string principalId, StoredApiKey key, CancellationToken cancellationToken = default);

    /// <summary>The stored key with that id (revoked and expired ones included: the verifier decides), or null.</summary>
    Task<ApiKeyRecord?> FindKeyAsync(string keyId, CancellationToken cancellationToken = default);

    /// <summary>Revokes a key at <paramref name="at"/> (an earlier revocation is kept); false when it does not exist.</summary>
    Task<bool> RevokeKeyAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Records a successful authentication with the key.</summary>
    Task TouchKeyAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken = default);
}
