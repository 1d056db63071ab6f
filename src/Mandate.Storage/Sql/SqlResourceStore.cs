namespace Mandate.Storage.Sql;

using Dapper;
using Mandate.Core;
using Mandate.Core.Model;
using Mandate.Core.Stores;

internal sealed class SqlResourceStore(ConnectionSource connections) : SqlRepository(connections), IResourceStore
{
    private const string Columns =
        "project_id, resource_id, type, provider_source, provider_version, config_json, state_json, private_data, schema_version, state_version, tainted, created_at, updated_at";

    // What a list shows: no config, state or private data (a table's state is kilobytes; a list reads thousands).
    private const string ListColumns = "project_id, resource_id, type, provider_source, provider_version, state_version, tainted, created_at, updated_at";

    public Task CreateAsync(ResourceRecord resource, CancellationToken cancellationToken = default) =>
        InOneTransactionAsync(async lease =>
        {
            try
            {
                await lease.Connection.ExecuteAsync(new CommandDefinition(
                    $"INSERT INTO resources ({Columns}) VALUES (@ProjectId, @ResourceId, @Type, @ProviderSource, @ProviderVersion, @ConfigJson, @StateJson, @PrivateData, @SchemaVersion, @StateVersion, @Tainted, @CreatedAt, @UpdatedAt)",
                    ResourceRow.From(resource), lease.Transaction, cancellationToken: cancellationToken));
            }
            catch (Exception e) when (Dialect.IsUniqueViolation(e))
            {
                throw new MandateException(MandateErrorCodes.AlreadyExists,
                    $"resource '{resource.ResourceId}' already exists in this project; choose another resource_id, or update the existing one");
            }

            await WriteDependenciesAsync(lease, resource, cancellationToken);
        }, cancellationToken);

    public async Task<ResourceRecord?> GetAsync(string projectId, string resourceId, CancellationToken cancellationToken = default)
    {
        var row = await QuerySingleOrDefaultAsync<ResourceRow>(
            $"SELECT {Columns} FROM resources WHERE project_id = @projectId AND resource_id = @resourceId", new { projectId, resourceId }, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var dependencies = await QueryAsync<string>(
            "SELECT depends_on FROM resource_dependencies WHERE project_id = @projectId AND resource_id = @resourceId ORDER BY depends_on",
            new { projectId, resourceId }, cancellationToken);
        return row.ToRecord(dependencies);
    }

    public async Task<Page<ResourceListItem>> ListAsync(string projectId, string? type, PageRequest page, CancellationToken cancellationToken = default)
    {
        var after = Cursor.Decode(page.Cursor, 1)?[0];
        var limit = page.EffectiveLimit;
        // The optional filters are left out of the text rather than written "@x IS NULL OR ...": SQLite plans a
        // statement before it sees the values, so the OR form scanned the project from its first id on every page
        // (a walk was quadratic); without it each page is one range seek of the covering index resources_list (0006).
        var rows = await QueryAsync<ResourceRow>(
            $"""
            SELECT {ListColumns} FROM resources
            WHERE project_id = @projectId{(type is null ? "" : " AND type = @type")}{(after is null ? "" : " AND resource_id > @after")}
            ORDER BY resource_id LIMIT @take
            """,
            new { projectId, type, after, take = limit + 1 }, cancellationToken);
        var kept = rows.Take(limit).ToList();
        // The page is a contiguous range of ids, so its edges are one range scan of the primary key, not an IN list
        // of up to 500 parameters (a new statement text per page size, and most of a full walk's time, before).
        // Edges of resources in the range but of another type are read and ignored.
        var edges = kept.Count == 0
            ? []
            : await QueryAsync<DependencyRow>(
                "SELECT resource_id, depends_on FROM resource_dependencies WHERE project_id = @projectId AND resource_id >= @first AND resource_id <= @last ORDER BY depends_on",
                new { projectId, first = kept[0].ResourceId, last = kept[^1].ResourceId }, cancellationToken);
        var byResource = edges.ToLookup(e => e.ResourceId, e => e.DependsOn);
        return Paging.Build(rows, limit, r => r.ToListItem(byResource[r.ResourceId].ToList()), r => Cursor.Encode(r.ResourceId));
    }

    public Task UpdateAsync(ResourceRecord resource, long expectedStateVersion, CancellationToken cancellationToken = default) =>
        InOneTransactionAsync(async lease =>
        {
            var row = ResourceRow.From(resource);
            var changed = await lease.Connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE resources SET type = @Type, provider_source = @ProviderSource, provider_version = @ProviderVersion, config_json = @ConfigJson,
                    state_json = @StateJson, private_data = @PrivateData, schema_version = @SchemaVersion, state_version = @StateVersion, tainted = @Tainted, updated_at = @UpdatedAt
                WHERE project_id = @ProjectId AND resource_id = @ResourceId AND state_version = @Expected
                """,
                new { row.Type, row.ProviderSource, row.ProviderVersion, row.ConfigJson, row.StateJson, row.PrivateData, row.SchemaVersion, row.StateVersion, row.Tainted,
                    row.UpdatedAt, row.ProjectId, row.ResourceId, Expected = expectedStateVersion },
                lease.Transaction, cancellationToken: cancellationToken));
            if (changed == 0)
            {
                throw new MandateException(MandateErrorCodes.Conflict,
                    $"resource '{resource.ResourceId}' changed while this operation ran (expected state version {expectedStateVersion}); read it again and retry");
            }

            await lease.Connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM resource_dependencies WHERE project_id = @ProjectId AND resource_id = @ResourceId",
                new { resource.ProjectId, resource.ResourceId }, lease.Transaction, cancellationToken: cancellationToken));
            await WriteDependenciesAsync(lease, resource, cancellationToken);
        }, cancellationToken);

    public async Task<bool> DeleteAsync(string projectId, string resourceId, CancellationToken cancellationToken = default) =>
        await ExecuteAsync("DELETE FROM resources WHERE project_id = @projectId AND resource_id = @resourceId", new { projectId, resourceId }, cancellationToken) > 0;

    public Task<IReadOnlyList<string>> DependentsAsync(string projectId, string resourceId, CancellationToken cancellationToken = default) =>
        QueryAsync<string>("SELECT resource_id FROM resource_dependencies WHERE project_id = @projectId AND depends_on = @resourceId ORDER BY resource_id",
            new { projectId, resourceId }, cancellationToken);

    public Task AppendStateVersionAsync(StateVersionRecord version, CancellationToken cancellationToken = default) =>
        InsertAsync(
            "INSERT INTO state_versions (project_id, resource_id, version, state_json, operation_id, kind, actor, created_at) VALUES (@ProjectId, @ResourceId, @Version, @StateJson, @OperationId, @Kind, @Actor, @CreatedAt)",
            new { version.ProjectId, version.ResourceId, version.Version, version.StateJson, version.OperationId, Kind = version.Kind.ToWire(), version.Actor, CreatedAt = Time.ToMs(version.CreatedAt) },
            () => $"state version {version.Version} of '{version.ResourceId}' already exists; history is append-only",
            cancellationToken);

    public async Task<Page<StateVersionRecord>> HistoryAsync(string projectId, string resourceId, PageRequest page, CancellationToken cancellationToken = default)
    {
        var before = Cursor.Decode(page.Cursor, 1) is { } c ? long.Parse(c[0], System.Globalization.CultureInfo.InvariantCulture) : (long?)null;
        var limit = page.EffectiveLimit;
        var rows = await QueryAsync<StateVersionRow>(
            """
            SELECT project_id, resource_id, version, state_json, operation_id, kind, actor, created_at FROM state_versions
            WHERE project_id = @projectId AND resource_id = @resourceId AND (@before IS NULL OR version < @before)
            ORDER BY version DESC LIMIT @take
            """,
            new { projectId, resourceId, before, take = limit + 1 }, cancellationToken);
        return Paging.Build(rows, limit, r => r.ToRecord(), r => Cursor.Encode(r.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static async Task WriteDependenciesAsync(ConnectionLease lease, ResourceRecord resource, CancellationToken cancellationToken)
    {
        foreach (var dependsOn in resource.Dependencies.Distinct(StringComparer.Ordinal))
        {
            await lease.Connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO resource_dependencies (project_id, resource_id, depends_on) VALUES (@ProjectId, @ResourceId, @dependsOn)",
                new { resource.ProjectId, resource.ResourceId, dependsOn }, lease.Transaction, cancellationToken: cancellationToken));
        }
    }

    private sealed class DependencyRow
    {
        public string ResourceId { get; set; } = "";
        public string DependsOn { get; set; } = "";
    }

    private sealed class ResourceRow
    {
        public string ProjectId { get; set; } = "";
        public string ResourceId { get; set; } = "";
        public string Type { get; set; } = "";
        public string ProviderSource { get; set; } = "";
        public string ProviderVersion { get; set; } = "";
        public string ConfigJson { get; set; } = "{}";
        public string? StateJson { get; set; }
        public byte[]? PrivateData { get; set; }
        public long SchemaVersion { get; set; }
        public long StateVersion { get; set; }
        public long Tainted { get; set; }
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }

        public static ResourceRow From(ResourceRecord r) => new()
        {
            ProjectId = r.ProjectId, ResourceId = r.ResourceId, Type = r.Type, ProviderSource = r.ProviderSource, ProviderVersion = r.ProviderVersion,
            ConfigJson = r.ConfigJson, StateJson = r.StateJson, PrivateData = r.PrivateData, SchemaVersion = r.SchemaVersion, StateVersion = r.StateVersion,
            Tainted = r.Tainted ? 1 : 0, CreatedAt = Time.ToMs(r.CreatedAt), UpdatedAt = Time.ToMs(r.UpdatedAt),
        };

        public ResourceRecord ToRecord(IReadOnlyList<string> dependencies) => new(ProjectId, ResourceId, Type, ProviderSource, ProviderVersion, ConfigJson,
            StateJson, PrivateData, SchemaVersion, dependencies, StateVersion, Time.FromMs(CreatedAt), Time.FromMs(UpdatedAt)) { Tainted = Tainted != 0 };

        public ResourceListItem ToListItem(IReadOnlyList<string> dependencies) => new(ProjectId, ResourceId, Type, ProviderSource, ProviderVersion, StateVersion,
            Tainted != 0, dependencies, Time.FromMs(CreatedAt), Time.FromMs(UpdatedAt));
    }

    private sealed class StateVersionRow
    {
        public string ProjectId { get; set; } = "";
        public string ResourceId { get; set; } = "";
        public long Version { get; set; }
        public string? StateJson { get; set; }
        public string OperationId { get; set; } = "";
        public string Kind { get; set; } = "";
        public string Actor { get; set; } = "";
        public long CreatedAt { get; set; }

        public StateVersionRecord ToRecord() => new(ProjectId, ResourceId, Version, StateJson, OperationId, OperationNames.ParseKind(Kind), Actor, Time.FromMs(CreatedAt));
    }
}
