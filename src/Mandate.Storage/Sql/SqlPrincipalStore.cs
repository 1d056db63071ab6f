namespace Mandate.Storage.Sql;

using Dapper;
using Mandate.Core;
using Mandate.Core.Access;
using Mandate.Core.Keys;
using Mandate.Core.Model;
using Mandate.Core.Stores;

/// <summary>Principals, role bindings and API keys. Keys are stored as their SHA-256 only.</summary>
internal sealed class SqlPrincipalStore(ConnectionSource connections) : SqlRepository(connections), IPrincipalStore
{
    private const string PrincipalColumns = "id, kind, display_name, created_at, disabled_at";
    private const string KeyColumns = "key_id, principal_id, hash, scope, created_at, expires_at, revoked_at, last_used_at";

    public Task CreateAsync(PrincipalRecord principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return InsertAsync($"INSERT INTO principals ({PrincipalColumns}) VALUES (@Id, @Kind, @DisplayName, @CreatedAt, @DisabledAt)",
            new
            {
                principal.Id,
                Kind = principal.Kind.ToWireName(),
                principal.DisplayName,
                CreatedAt = Time.ToMs(principal.CreatedAt),
                DisabledAt = Time.ToMs(principal.DisabledAt),
            },
            () => $"a principal with id '{principal.Id}' already exists", cancellationToken);
    }

    public async Task<PrincipalRecord?> GetAsync(string principalId, CancellationToken cancellationToken = default) =>
        (await QuerySingleOrDefaultAsync<PrincipalRow>($"SELECT {PrincipalColumns} FROM principals WHERE id = @principalId", new { principalId }, cancellationToken))
        ?.ToRecord();

    public async Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        await QuerySingleOrDefaultAsync<long>("SELECT COUNT(*) FROM principals", null, cancellationToken);

    public async Task<bool> DisableAsync(string principalId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        await ExecuteAsync("UPDATE principals SET disabled_at = COALESCE(disabled_at, @at) WHERE id = @principalId",
            new { principalId, at = Time.ToMs(at) }, cancellationToken) > 0;

    public async Task GrantAsync(RoleGrant grant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var binding = grant.Binding;
        await InOneTransactionAsync(async lease =>
        {
            // Checked here rather than left to the foreign keys, so the error says which one is missing.
            await RequireAsync(lease, "SELECT COUNT(*) FROM principals WHERE id = @id", binding.PrincipalId,
                $"cannot grant {binding.Role.ToWireName()}: principal '{binding.PrincipalId}' does not exist", cancellationToken);
            await RequireAsync(lease, "SELECT COUNT(*) FROM spaces WHERE id = @id", binding.Space.Value,
                $"cannot grant {binding.Role.ToWireName()} on space '{binding.Space}': the space does not exist", cancellationToken);
            await lease.Connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO role_bindings (principal_id, space_id, role, granted_by, granted_at)
                VALUES (@principalId, @spaceId, @role, @grantedBy, @grantedAt)
                ON CONFLICT (principal_id, space_id, role) DO NOTHING
                """,
                new
                {
                    principalId = binding.PrincipalId,
                    spaceId = binding.Space.Value,
                    role = binding.Role.ToWireName(),
                    grantedBy = grant.GrantedBy,
                    grantedAt = Time.ToMs(grant.GrantedAt),
                },
                lease.Transaction, cancellationToken: cancellationToken));
        }, cancellationToken);
    }

    public async Task<bool> RevokeRoleAsync(RoleBinding binding, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(binding);
        return await ExecuteAsync("DELETE FROM role_bindings WHERE principal_id = @principalId AND space_id = @spaceId AND role = @role",
            new { principalId = binding.PrincipalId, spaceId = binding.Space.Value, role = binding.Role.ToWireName() }, cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<RoleGrant>> ListGrantsAsync(string principalId, CancellationToken cancellationToken = default) =>
        (await QueryAsync<GrantRow>(
            "SELECT principal_id, space_id, role, granted_by, granted_at FROM role_bindings WHERE principal_id = @principalId ORDER BY space_id, role",
            new { principalId }, cancellationToken)).Select(r => r.ToRecord()).ToList();

    public async Task CreateKeyAsync(string principalId, StoredApiKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await InOneTransactionAsync(async lease =>
        {
            await RequireAsync(lease, "SELECT COUNT(*) FROM principals WHERE id = @id", principalId,
                $"cannot store API key {key.KeyId}: principal '{principalId}' does not exist", cancellationToken);
            try
            {
                await lease.Connection.ExecuteAsync(new CommandDefinition(
                    $"INSERT INTO api_keys ({KeyColumns}) VALUES (@KeyId, @principalId, @Hash, @scope, @createdAt, @expiresAt, @revokedAt, NULL)",
                    new
                    {
                        key.KeyId,
                        principalId,
                        key.Hash,
                        scope = key.Scope.ToWireName(),
                        createdAt = Time.ToMs(key.CreatedAt),
                        expiresAt = Time.ToMs(key.ExpiresAt),
                        revokedAt = Time.ToMs(key.RevokedAt),
                    },
                    lease.Transaction, cancellationToken: cancellationToken));
            }
            catch (Exception e) when (Dialect.IsUniqueViolation(e))
            {
                throw new MandateException(MandateErrorCodes.AlreadyExists, $"an API key with id '{key.KeyId}' already exists");
            }
        }, cancellationToken);
    }

    public async Task<ApiKeyRecord?> FindKeyAsync(string keyId, CancellationToken cancellationToken = default) =>
        (await QuerySingleOrDefaultAsync<KeyRow>($"SELECT {KeyColumns} FROM api_keys WHERE key_id = @keyId", new { keyId }, cancellationToken))?.ToRecord();

    public async Task<bool> RevokeKeyAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        await ExecuteAsync("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, @at) WHERE key_id = @keyId",
            new { keyId, at = Time.ToMs(at) }, cancellationToken) > 0;

    public async Task TouchKeyAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        await ExecuteAsync("UPDATE api_keys SET last_used_at = @at WHERE key_id = @keyId", new { keyId, at = Time.ToMs(at) }, cancellationToken);

    private static async Task RequireAsync(ConnectionLease lease, string countSql, string id, string missing, CancellationToken cancellationToken)
    {
        var count = await lease.Connection.ExecuteScalarAsync<long>(new CommandDefinition(countSql, new { id }, lease.Transaction, cancellationToken: cancellationToken));
        if (count == 0)
        {
            throw new MandateException(MandateErrorCodes.NotFound, missing);
        }
    }

    private static PrincipalKind ParseKind(string kind) => kind switch
    {
        "user" => PrincipalKind.User,
        "api-key" => PrincipalKind.ApiKey,
        _ => throw new InvalidOperationException($"principals row has unknown kind '{kind}'; the store was written by a newer Mandate or edited by hand"),
    };

    private sealed class PrincipalRow
    {
        public string Id { get; set; } = "";
        public string Kind { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public long CreatedAt { get; set; }
        public long? DisabledAt { get; set; }

        public PrincipalRecord ToRecord() => new(Id, ParseKind(Kind), DisplayName, Time.FromMs(CreatedAt), Time.FromMs(DisabledAt));
    }

    private sealed class GrantRow
    {
        public string PrincipalId { get; set; } = "";
        public string SpaceId { get; set; } = "";
        public string Role { get; set; } = "";
        public string GrantedBy { get; set; } = "";
        public long GrantedAt { get; set; }

        public RoleGrant ToRecord() =>
            new(new RoleBinding(PrincipalId, new SpaceId(SpaceId), RoleNames.Parse(Role)), GrantedBy, Time.FromMs(GrantedAt));
    }

    private sealed class KeyRow
    {
        public string KeyId { get; set; } = "";
        public string PrincipalId { get; set; } = "";
        public string Hash { get; set; } = "";
        public string Scope { get; set; } = "";
        public long CreatedAt { get; set; }
        public long? ExpiresAt { get; set; }
        public long? RevokedAt { get; set; }
        public long? LastUsedAt { get; set; }

        public ApiKeyRecord ToRecord() => new(PrincipalId,
            new StoredApiKey(KeyId, Hash, AccessWireNames.ParseKeyScope(Scope), Time.FromMs(CreatedAt), Time.FromMs(ExpiresAt), Time.FromMs(RevokedAt)),
            Time.FromMs(LastUsedAt));
    }
}
