namespace Mandate.Storage.Tests;

using Dapper;
using Mandate.Core;
using Mandate.Core.Access;
using Mandate.Core.Keys;
using Mandate.Core.Model;
using Mandate.Storage.Sql;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task The_root_space_exists_after_migration_and_the_tree_round_trips()
    {
        var teamA = new SpaceId("team-a");
        var dev = new SpaceId("team-a-dev");
        await Store.Spaces.CreateAsync(new SpaceRecord(teamA, SpaceId.Root, "Team A", T0));
        await Store.Spaces.CreateAsync(new SpaceRecord(dev, teamA, "Team A dev", T0.AddMinutes(1)));
        await Store.Spaces.CreateAsync(new SpaceRecord(new SpaceId("team-b"), SpaceId.Root, "Team B", T0));

        var root = await Store.Spaces.GetAsync(SpaceId.Root);
        var storedDev = await Store.Spaces.GetAsync(dev);
        var tree = await Store.Spaces.LoadTreeAsync();

        Assert.Null(root!.ParentId);
        Assert.Equal(teamA, storedDev!.ParentId);
        Assert.Equal("Team A dev", storedDev.Name);
        Assert.Equal(T0.AddMinutes(1), storedDev.CreatedAt);
        Assert.Equal(4, tree.Count);
        Assert.Equal([teamA, SpaceId.Root], tree.AncestorsOf(dev));
        Assert.False(tree.IsSameOrDescendantOf(dev, new SpaceId("team-b")));
        Assert.Equal(["root", "team-a", "team-a-dev", "team-b"], (await Store.Spaces.ListAsync()).Select(s => s.Id.Value));
    }

    [Fact]
    public async Task A_space_needs_an_existing_parent_and_a_free_name()
    {
        await Store.Spaces.CreateAsync(new SpaceRecord(new SpaceId("ops"), SpaceId.Root, "Ops", T0));

        var duplicate = await Assert.ThrowsAsync<MandateException>(() => Store.Spaces.CreateAsync(new SpaceRecord(new SpaceId("ops"), SpaceId.Root, "Ops", T0)));
        var orphan = await Assert.ThrowsAsync<MandateException>(() => Store.Spaces.CreateAsync(new SpaceRecord(new SpaceId("x"), new SpaceId("nowhere"), "X", T0)));
        var parentless = await Assert.ThrowsAsync<MandateException>(() => Store.Spaces.CreateAsync(new SpaceRecord(new SpaceId("y"), null, "Y", T0)));

        Assert.Equal(MandateErrorCodes.AlreadyExists, duplicate.Code);
        Assert.Equal(MandateErrorCodes.NotFound, orphan.Code);
        Assert.Contains("'nowhere'", orphan.Message, StringComparison.Ordinal);
        Assert.Equal(MandateErrorCodes.InvalidArgument, parentless.Code);
        Assert.Null(await Store.Spaces.GetAsync(new SpaceId("x")));
    }

    [Fact]
    public async Task Role_grants_round_trip_are_idempotent_and_need_a_principal_and_a_space()
    {
        await Store.Principals.CreateAsync(new PrincipalRecord("usr_alice", PrincipalKind.User, "Alice", T0, null));
        await Store.Spaces.CreateAsync(new SpaceRecord(new SpaceId("team-a"), SpaceId.Root, "Team A", T0));
        var operatorOnTeam = new RoleBinding("usr_alice", new SpaceId("team-a"), Role.Operator);

        await Store.Principals.GrantAsync(new RoleGrant(new RoleBinding("usr_alice", SpaceId.Root, Role.Reader), "usr_root", T0));
        await Store.Principals.GrantAsync(new RoleGrant(operatorOnTeam, "usr_root", T0));
        await Store.Principals.GrantAsync(new RoleGrant(operatorOnTeam, "usr_other", T0.AddHours(1)));
        var grants = await Store.Principals.ListGrantsAsync("usr_alice");
        var revoked = await Store.Principals.RevokeRoleAsync(operatorOnTeam);
        var revokedAgain = await Store.Principals.RevokeRoleAsync(operatorOnTeam);
        var noPrincipal = await Assert.ThrowsAsync<MandateException>(() =>
            Store.Principals.GrantAsync(new RoleGrant(new RoleBinding("usr_ghost", SpaceId.Root, Role.Admin), "usr_root", T0)));
        var noSpace = await Assert.ThrowsAsync<MandateException>(() =>
            Store.Principals.GrantAsync(new RoleGrant(new RoleBinding("usr_alice", new SpaceId("ghost"), Role.Admin), "usr_root", T0)));

        Assert.Equal(2, grants.Count);
        Assert.Equal(new RoleBinding("usr_alice", SpaceId.Root, Role.Reader), grants[0].Binding);
        Assert.Equal(new RoleGrant(operatorOnTeam, "usr_root", T0), grants[1]);
        Assert.True(revoked);
        Assert.False(revokedAgain);
        Assert.Single(await Store.Principals.ListGrantsAsync("usr_alice"));
        Assert.Contains("usr_ghost", noPrincipal.Message, StringComparison.Ordinal);
        Assert.Contains("'ghost'", noSpace.Message, StringComparison.Ordinal);
        Assert.Equal(1, await Store.Principals.CountAsync());
    }

    [Fact]
    public async Task Api_keys_are_stored_only_as_their_hash()
    {
        var issued = new ApiKeyFactory(new FixedClock(T0)).Create(KeyScope.Write);
        await Store.Principals.CreateAsync(new PrincipalRecord(issued.Stored.KeyId, PrincipalKind.ApiKey, "ci key", T0, null));
        await Store.Principals.CreateKeyAsync(issued.Stored.KeyId, issued.Stored);

        var found = await Store.Principals.FindKeyAsync(issued.Stored.KeyId);
        var rawValues = await RawRowValuesAsync("SELECT * FROM api_keys");

        Assert.Equal(issued.Stored, found!.Key);
        Assert.Equal(issued.Stored.KeyId, found.PrincipalId);
        Assert.True(new ApiKeyVerifier().Verify(issued.PlainText, found.Key).IsValid);
        // The secret is the fixed-length tail: base64url may itself contain '_', so the last '_' does not mark it.
        var secret = issued.PlainText[^ApiKeyFormat.SecretLength..];
        Assert.Contains(ApiKeyFormat.Hash(issued.PlainText), rawValues);
        Assert.DoesNotContain(rawValues, v => v.Contains(secret, StringComparison.Ordinal));
        var again = await Assert.ThrowsAsync<MandateException>(() => Store.Principals.CreateKeyAsync(issued.Stored.KeyId, issued.Stored));
        Assert.Equal(MandateErrorCodes.AlreadyExists, again.Code);
    }

    [Fact]
    public async Task Revocation_expiry_and_last_use_are_stored_and_make_the_key_unusable()
    {
        var clock = new FixedClock(T0);
        var issued = new ApiKeyFactory(clock).Create(KeyScope.Read, expiresAt: T0.AddHours(1));
        var other = new ApiKeyFactory(clock).Create(KeyScope.Write);
        await Store.Principals.CreateAsync(new PrincipalRecord("usr_keys", PrincipalKind.User, "Keys", T0, null));
        await Store.Principals.CreateKeyAsync("usr_keys", issued.Stored);
        await Store.Principals.CreateKeyAsync("usr_keys", other.Stored);

        await Store.Principals.TouchKeyAsync(issued.Stored.KeyId, T0.AddMinutes(5));
        var beforeExpiry = await Store.Principals.FindKeyAsync(issued.Stored.KeyId);
        Assert.True(await Store.Principals.RevokeKeyAsync(other.Stored.KeyId, T0.AddMinutes(10)));
        Assert.True(await Store.Principals.RevokeKeyAsync(other.Stored.KeyId, T0.AddMinutes(20)));
        Assert.False(await Store.Principals.RevokeKeyAsync("nosuchkey000", T0));
        var revoked = await Store.Principals.FindKeyAsync(other.Stored.KeyId);

        Assert.Equal(T0.AddHours(1), beforeExpiry!.Key.ExpiresAt);
        Assert.Equal(KeyScope.Read, beforeExpiry.Key.Scope);
        Assert.Equal(T0.AddMinutes(5), beforeExpiry.LastUsedAt);
        Assert.True(new ApiKeyVerifier(new FixedClock(T0.AddMinutes(30))).Verify(issued.PlainText, beforeExpiry.Key).IsValid);
        Assert.Equal(ApiKeyRejection.Expired, new ApiKeyVerifier(new FixedClock(T0.AddHours(2))).Verify(issued.PlainText, beforeExpiry.Key).Rejection);
        Assert.Equal(T0.AddMinutes(10), revoked!.Key.RevokedAt);
        Assert.Equal(ApiKeyRejection.Revoked, new ApiKeyVerifier(clock).Verify(other.PlainText, revoked.Key).Rejection);
    }

    [Fact]
    public async Task Disabling_a_principal_keeps_the_first_time()
    {
        await Store.Principals.CreateAsync(new PrincipalRecord("usr_bob", PrincipalKind.User, "Bob", T0, null));

        Assert.True(await Store.Principals.DisableAsync("usr_bob", T0.AddDays(1)));
        Assert.True(await Store.Principals.DisableAsync("usr_bob", T0.AddDays(2)));
        Assert.False(await Store.Principals.DisableAsync("usr_ghost", T0));

        var bob = await Store.Principals.GetAsync("usr_bob");
        Assert.Equal(new PrincipalRecord("usr_bob", PrincipalKind.User, "Bob", T0, T0.AddDays(1)), bob);
    }

    /// <summary>Every column of every row the query returns, as text: to look for what must never be stored.</summary>
    private async Task<IReadOnlyList<string>> RawRowValuesAsync(string sql)
    {
        await using var connection = await ((SqlStore)Store).SqlDialect.OpenAsync(CancellationToken.None);
        var rows = await connection.QueryAsync(sql);
        return rows.Cast<IDictionary<string, object?>>()
            .SelectMany(row => row.Values)
            .Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty)
            .ToList();
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
