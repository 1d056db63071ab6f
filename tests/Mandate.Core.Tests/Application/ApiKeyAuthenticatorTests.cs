namespace Mandate.Core.Tests.Application;

using Mandate.Core.Access;
using Mandate.Core.Application;
using Mandate.Core.Audit;
using Mandate.Core.Keys;
using Mandate.Core.Tests.Keys;
using Mandate.Storage;

/// <summary>
/// Keys end to end through the application layer: issued once, stored only as a hash, accepted until
/// revoked or expired, failures audited without the secret and rate-limited per source.
/// </summary>
public sealed class ApiKeyAuthenticatorTests : IAsyncLifetime
{
    private const string Remote = "203.0.113.7";
    private readonly string _directory = Directory.CreateTempSubdirectory("mandate-keys-").FullName;
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 22, 6, 0, 0, TimeSpan.Zero));
    private AppWorld _world = null!;

    private string DatabasePath => Path.Combine(_directory, "m.db");

    public async Task InitializeAsync() =>
        _world = await AppWorld.CreateAsync(MandateStores.OpenSqlite(DatabasePath), _clock, new AuthFailureLimits(3, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(15)));

    public async Task DisposeAsync()
    {
        await _world.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task An_issued_key_authenticates_as_its_own_principal_with_its_scope_and_role()
    {
        var created = await _world.Core.Access.CreateApiKeyAsync(_world.Admin, new ApiKeyCreateRequest(KeyScope.Read, AppWorld.Team, Role.Reader, "ci reader"));

        var principal = await _world.Core.Authenticator.AuthenticateAsync("Bearer " + created.PlainText, Remote);

        Assert.Equal(created.KeyId, principal.Id);
        Assert.Equal(PrincipalKind.ApiKey, principal.Kind);
        Assert.True(principal.IsReadOnly);
        Assert.Equal("ci reader", principal.DisplayName);
        var caller = await _world.Core.Access.DescribeCallerAsync(new CallContext(principal, "s"));
        Assert.Equal([new RoleBinding(created.KeyId, AppWorld.Team, Role.Reader)], caller.Roles);
        Assert.DoesNotContain(created.PlainText, created.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_store_never_holds_the_key_in_plain_text_only_its_hash()
    {
        var created = await _world.Core.Access.CreateApiKeyAsync(_world.Admin, new ApiKeyCreateRequest(KeyScope.Write, AppWorld.Team, Role.Operator));
        // The secret sits at a fixed position: base64url may itself contain '_', so splitting on '_' is wrong.
        var secret = created.PlainText[^ApiKeyFormat.SecretLength..];
        Assert.Equal(ApiKeyFormat.SecretLength, secret.Length);

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var stored = (await _world.Store.Principals.FindKeyAsync(created.KeyId))!;
        Assert.Equal(ApiKeyFormat.Hash(created.PlainText), stored.Key.Hash);
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        foreach (var table in new[] { "api_keys", "principals", "audit_entries", "role_bindings" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table}";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var text = reader.IsDBNull(i) ? string.Empty : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
                    Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
                }
            }
        }

        // And not in any page of the database file either (WAL included), however it is laid out.
        foreach (var file in Directory.GetFiles(_directory))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.DoesNotContain(secret, System.Text.Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_revoked_key_stops_working_at_once()
    {
        var created = await _world.Core.Access.CreateApiKeyAsync(_world.Admin, new ApiKeyCreateRequest(KeyScope.Write, AppWorld.Team, Role.Operator));
        _ = await _world.Core.Authenticator.AuthenticateAsync(created.PlainText, Remote);

        await _world.Core.Access.RevokeApiKeyAsync(_world.Admin, created.KeyId);

        var refused = await Assert.ThrowsAsync<MandateException>(() => _world.Core.Authenticator.AuthenticateAsync(created.PlainText, Remote));
        Assert.Equal(MandateErrorCodes.Unauthenticated, refused.Code);
        Assert.Equal("revoked", refused.Details["reason"]);
    }

    [Fact]
    public async Task An_expired_key_stops_working_when_its_time_has_come()
    {
        var created = await _world.Core.Access.CreateApiKeyAsync(_world.Admin,
            new ApiKeyCreateRequest(KeyScope.Write, AppWorld.Team, Role.Operator, ExpiresAt: _clock.GetUtcNow().AddHours(1)));
        _ = await _world.Core.Authenticator.AuthenticateAsync(created.PlainText, Remote);

        _clock.Advance(TimeSpan.FromHours(1));

        var refused = await Assert.ThrowsAsync<MandateException>(() => _world.Core.Authenticator.AuthenticateAsync(created.PlainText, Remote));
        Assert.Equal("expired", refused.Details["reason"]);
    }

    [Fact]
    public async Task A_key_whose_expiry_is_already_past_is_refused_at_creation()
    {
        var refused = await Assert.ThrowsAsync<MandateException>(() => _world.Core.Access.CreateApiKeyAsync(_world.Admin,
            new ApiKeyCreateRequest(KeyScope.Write, AppWorld.Team, Role.Operator, ExpiresAt: _clock.GetUtcNow())));

        Assert.Equal(MandateErrorCodes.InvalidArgument, refused.Code);
    }

    [Fact]
    public async Task A_wrong_secret_is_audited_with_the_key_id_and_reason_but_never_the_presented_key()
    {
        var created = await _world.Core.Access.CreateApiKeyAsync(_world.Admin, new ApiKeyCreateRequest(KeyScope.Write, AppWorld.Team, Role.Operator));
        var guess = created.PlainText[..^4] + (created.PlainText.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        var refused = await Assert.ThrowsAsync<MandateException>(() => _world.Core.Authenticator.AuthenticateAsync(guess, Remote));

        Assert.Equal(MandateErrorCodes.Unauthenticated, refused.Code);
        Assert.DoesNotContain(guess, refused.Message, StringComparison.Ordinal);
        var entry = Assert.Single(await AllAsync(), e => e.Action == ApiKeyAuthenticator.FailedAction);
        Assert.Equal(created.KeyId, entry.TargetId);
        Assert.Equal(Remote, entry.ActorDisplay);
        Assert.Equal(AuditOutcomes.Denied, entry.Outcome);
        Assert.Contains("\"reason\":\"wrong-secret\"", entry.Payload, StringComparison.Ordinal);
        await foreach (var exported in await _world.Core.Audit.ExportAsync(_world.Admin))
        {
            Assert.DoesNotContain(guess[^20..], exported.Payload, StringComparison.Ordinal);
            Assert.DoesNotContain(created.PlainText[^20..], exported.Payload, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_missing_key_is_refused_without_counting_as_a_guess()
    {
        for (var i = 0; i < 5; i++)
        {
            var refused = await Assert.ThrowsAsync<MandateException>(() => _world.Core.Authenticator.AuthenticateAsync(null, Remote));
            Assert.Equal(MandateErrorCodes.Unauthenticated, refused.Code);
        }

        Assert.DoesNotContain(await AllAsync(), e => e.Action == ApiKeyAuthenticator.FailedAction);
        var (_, key) = await _world.KeyAsync(AppWorld.Team, Role.Reader, KeyScope.Read);
        Assert.NotNull(await _world.Core.Authenticator.AuthenticateAsync(key, Remote));
    }

    [Fact]
    public async Task Too_many_failures_lock_the_source_out_even_for_a_valid_key_and_the_lockout_is_audited()
    {
        var (_, valid) = await _world.KeyAsync(AppWorld.Team, Role.Reader, KeyScope.Read);
        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAsync<MandateException>(() => _world.Core.Authenticator.AuthenticateAsync("mdt_not-a-key", Remote));
        }

        var locked = await Assert.ThrowsAsync<MandateException>(() => _world.Core.Authenticator.AuthenticateAsync(valid, Remote));

        Assert.Equal(AuthErrorCodes.RateLimited, locked.Code);
        var entries = await AllAsync();
        Assert.Equal(4, entries.Count(e => e.Action == ApiKeyAuthenticator.FailedAction && e.Payload.Contains("\"reason\":\"malformed\"", StringComparison.Ordinal)));
        Assert.Single(entries, e => e.Action == ApiKeyAuthenticator.LockedOutAction && e.TargetId == Remote);
        // Another source is not affected, and the lockout ends.
        Assert.NotNull(await _world.Core.Authenticator.AuthenticateAsync(valid, "198.51.100.1"));
        _clock.Advance(TimeSpan.FromMinutes(15));
        Assert.NotNull(await _world.Core.Authenticator.AuthenticateAsync(valid, Remote));
    }

    private async Task<List<AuditEntry>> AllAsync()
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in _world.Store.Audit.ReadAllAsync())
        {
            entries.Add(entry);
        }

        return entries;
    }
}
