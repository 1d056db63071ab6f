namespace Mandate.TestFixtures.Keys;

using Mandate.Core.Access;
using Mandate.Core.Keys;
using Mandate.Core.Model;
using Mandate.Core.Stores;

/// <summary>
/// API keys written straight into a store in one transaction (principal, role, key hash) — the path `mandate serve`
/// takes for its first admin key — for test and benchmark hosts that need a key before anyone could issue one.
/// </summary>
public static class StoreKeys
{
    /// <summary>Issues a key with <paramref name="role"/> on <paramref name="space"/> (root by default); returns the plain text, shown only here.</summary>
    public static async Task<string> IssueAsync(IMandateStore store, Role role, KeyScope scope, string name, SpaceId? space = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var issued = new ApiKeyFactory().Create(scope);
        var keyId = issued.Stored.KeyId;
        var now = issued.Stored.CreatedAt;
        await using var transaction = await store.BeginAsync();
        await transaction.Principals.CreateAsync(new PrincipalRecord(keyId, PrincipalKind.ApiKey, name, now, null));
        await transaction.Principals.GrantAsync(new RoleGrant(new RoleBinding(keyId, space ?? SpaceId.Root, role), "test", now));
        await transaction.Principals.CreateKeyAsync(keyId, issued.Stored);
        await transaction.CommitAsync();
        return issued.PlainText;
    }
}
