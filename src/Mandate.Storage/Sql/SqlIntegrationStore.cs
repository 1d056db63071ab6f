namespace Mandate.Storage.Sql;

using System.Text.Json;
using Dapper;
using Mandate.Core;
using Mandate.Core.Model;
using Mandate.Core.Stores;

/// <summary>Integrations (secrets stored exactly as given: Core hands over ciphertexts only) and their project attachments.</summary>
internal sealed class SqlIntegrationStore(ConnectionSource connections) : SqlRepository(connections), IIntegrationStore
{
    private const string Columns = "id, space_id, name, kind, settings_json, secrets_json, read_only, created_by, created_at, updated_at";
    private const string AttachmentColumns = "project_id, provider_source, integration_id, attached_by, attached_at";

    public Task CreateAsync(IntegrationRecord integration, CancellationToken cancellationToken = default) =>
        InsertAsync(
            $"INSERT INTO integrations ({Columns}) VALUES (@Id, @SpaceId, @Name, @Kind, @SettingsJson, @SecretsJson, @ReadOnly, @CreatedBy, @CreatedAt, @UpdatedAt)",
            IntegrationRow.From(integration),
            () => $"an integration named '{integration.Name}' already exists in space '{integration.SpaceId}'; choose another name or update the existing one",
            cancellationToken);

    public async Task<IntegrationRecord?> GetAsync(string integrationId, CancellationToken cancellationToken = default) =>
        (await QuerySingleOrDefaultAsync<IntegrationRow>($"SELECT {Columns} FROM integrations WHERE id = @integrationId", new { integrationId }, cancellationToken))?.ToRecord();

    public async Task<IntegrationRecord?> FindByNameAsync(string spaceId, string name, CancellationToken cancellationToken = default) =>
        (await QuerySingleOrDefaultAsync<IntegrationRow>($"SELECT {Columns} FROM integrations WHERE space_id = @spaceId AND name = @name", new { spaceId, name }, cancellationToken))?.ToRecord();

    public async Task<Page<IntegrationRecord>> ListAsync(IReadOnlyCollection<string> spaceIds, PageRequest page, CancellationToken cancellationToken = default)
    {
        var after = Cursor.Decode(page.Cursor, 2);
        var limit = page.EffectiveLimit;
        var rows = await QueryAsync<IntegrationRow>(
            $"""
            SELECT {Columns} FROM integrations
            WHERE {Dialect.InList("space_id", "spaceIds")} AND (@afterName IS NULL OR name > @afterName OR (name = @afterName AND id > @afterId))
            ORDER BY name, id LIMIT @take
            """,
            new { spaceIds = spaceIds.ToArray(), afterName = after?[0], afterId = after?[1], take = limit + 1 },
            cancellationToken);
        return Paging.Build(rows, limit, r => r.ToRecord(), r => Cursor.Encode(r.Name, r.Id));
    }

    public async Task UpdateAsync(IntegrationRecord integration, CancellationToken cancellationToken = default)
    {
        var changed = await ExecuteAsync(
            "UPDATE integrations SET settings_json = @SettingsJson, secrets_json = @SecretsJson, read_only = @ReadOnly, updated_at = @UpdatedAt WHERE id = @Id",
            IntegrationRow.From(integration), cancellationToken);
        if (changed == 0)
        {
            throw new MandateException(MandateErrorCodes.NotFound, $"integration '{integration.Id}' does not exist");
        }
    }

    public async Task<bool> DeleteAsync(string integrationId, CancellationToken cancellationToken = default)
    {
        var deleted = false;
        await InOneTransactionAsync(async lease =>
        {
            // Checked before the delete (the foreign key would only say "constraint failed"), so the error names the projects.
            var attached = (await lease.Connection.QueryAsync<string>(new CommandDefinition(
                "SELECT DISTINCT project_id FROM integration_attachments WHERE integration_id = @integrationId ORDER BY project_id",
                new { integrationId }, lease.Transaction, cancellationToken: cancellationToken))).AsList();
            if (attached.Count > 0)
            {
                throw new MandateException(MandateErrorCodes.Conflict,
                    $"integration '{integrationId}' is attached to {string.Join(", ", attached.Select(p => $"'{p}'"))}; detach it from those projects first",
                    new Dictionary<string, object?> { ["projects"] = attached });
            }

            deleted = await lease.Connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM integrations WHERE id = @integrationId", new { integrationId }, lease.Transaction, cancellationToken: cancellationToken)) > 0;
        }, cancellationToken);
        return deleted;
    }

    public async Task AttachAsync(IntegrationAttachment attachment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        await InOneTransactionAsync(async lease =>
        {
            // Both ends are checked first so the error says which one is missing.
            var project = await lease.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM projects WHERE id = @ProjectId", attachment, lease.Transaction, cancellationToken: cancellationToken));
            if (project == 0)
            {
                throw new MandateException(MandateErrorCodes.NotFound, $"project '{attachment.ProjectId}' does not exist");
            }

            var integration = await lease.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM integrations WHERE id = @IntegrationId", attachment, lease.Transaction, cancellationToken: cancellationToken));
            if (integration == 0)
            {
                throw new MandateException(MandateErrorCodes.NotFound, $"integration '{attachment.IntegrationId}' does not exist");
            }

            await lease.Connection.ExecuteAsync(new CommandDefinition(
                $"""
                INSERT INTO integration_attachments ({AttachmentColumns}) VALUES (@ProjectId, @ProviderSource, @IntegrationId, @AttachedBy, @AttachedAt)
                ON CONFLICT (project_id, provider_source) DO UPDATE
                SET integration_id = excluded.integration_id, attached_by = excluded.attached_by, attached_at = excluded.attached_at
                """,
                AttachmentRow.From(attachment), lease.Transaction, cancellationToken: cancellationToken));
        }, cancellationToken);
    }

    public async Task<bool> DetachAsync(string projectId, string providerSource, CancellationToken cancellationToken = default) =>
        await ExecuteAsync("DELETE FROM integration_attachments WHERE project_id = @projectId AND provider_source = @providerSource",
            new { projectId, providerSource }, cancellationToken) > 0;

    public async Task<IntegrationAttachment?> GetAttachmentAsync(string projectId, string providerSource, CancellationToken cancellationToken = default) =>
        (await QuerySingleOrDefaultAsync<AttachmentRow>(
            $"SELECT {AttachmentColumns} FROM integration_attachments WHERE project_id = @projectId AND provider_source = @providerSource",
            new { projectId, providerSource }, cancellationToken))?.ToRecord();

    public async Task<IReadOnlyList<IntegrationAttachment>> AttachmentsOfProjectAsync(string projectId, CancellationToken cancellationToken = default) =>
        (await QueryAsync<AttachmentRow>($"SELECT {AttachmentColumns} FROM integration_attachments WHERE project_id = @projectId ORDER BY provider_source",
            new { projectId }, cancellationToken)).Select(r => r.ToRecord()).ToList();

    public async Task<IReadOnlyList<IntegrationAttachment>> AttachmentsOfIntegrationAsync(string integrationId, CancellationToken cancellationToken = default) =>
        (await QueryAsync<AttachmentRow>(
            $"SELECT {AttachmentColumns} FROM integration_attachments WHERE integration_id = @integrationId ORDER BY project_id, provider_source",
            new { integrationId }, cancellationToken)).Select(r => r.ToRecord()).ToList();

    private sealed class IntegrationRow
    {
        public string Id { get; set; } = "";
        public string SpaceId { get; set; } = "";
        public string Name { get; set; } = "";
        public string Kind { get; set; } = "";
        public string SettingsJson { get; set; } = "{}";
        public string SecretsJson { get; set; } = "{}";
        public long ReadOnly { get; set; }
        public string CreatedBy { get; set; } = "";
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }

        public static IntegrationRow From(IntegrationRecord i) => new()
        {
            Id = i.Id, SpaceId = i.SpaceId, Name = i.Name, Kind = i.Kind.ToWire(), SettingsJson = i.SettingsJson,
            SecretsJson = JsonSerializer.Serialize(i.Secrets), ReadOnly = i.ReadOnly ? 1 : 0,
            CreatedBy = i.CreatedBy, CreatedAt = Time.ToMs(i.CreatedAt), UpdatedAt = Time.ToMs(i.UpdatedAt),
        };

        public IntegrationRecord ToRecord() => new(Id, SpaceId, Name,
            IntegrationKinds.TryParse(Kind, out var kind) ? kind : throw new InvalidOperationException($"integration {Id} has unknown kind '{Kind}' in the store"),
            SettingsJson, JsonSerializer.Deserialize<Dictionary<string, string>>(SecretsJson) ?? [], ReadOnly != 0,
            CreatedBy, Time.FromMs(CreatedAt), Time.FromMs(UpdatedAt));
    }

    private sealed class AttachmentRow
    {
        public string ProjectId { get; set; } = "";
        public string ProviderSource { get; set; } = "";
        public string IntegrationId { get; set; } = "";
        public string AttachedBy { get; set; } = "";
        public long AttachedAt { get; set; }

        public static AttachmentRow From(IntegrationAttachment a) => new()
        {
            ProjectId = a.ProjectId, ProviderSource = a.ProviderSource, IntegrationId = a.IntegrationId, AttachedBy = a.AttachedBy, AttachedAt = Time.ToMs(a.AttachedAt),
        };

        public IntegrationAttachment ToRecord() => new(ProjectId, ProviderSource, IntegrationId, AttachedBy, Time.FromMs(AttachedAt));
    }
}
