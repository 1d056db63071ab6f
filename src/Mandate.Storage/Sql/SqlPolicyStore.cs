namespace Mandate.Storage.Sql;

using System.Globalization;
using System.Text;
using Dapper;
using Mandate.Core;
using Mandate.Core.Model;
using Mandate.Core.Stores;

internal sealed class SqlPolicyStore(ConnectionSource connections) : SqlRepository(connections), IPolicyStore
{
    private const string Columns = "id, space_id, name, description, labels_json, current_version, created_by, created_at, updated_at";

    public Task CreateAsync(PolicyRecord policy, PolicyVersionRecord firstVersion, CancellationToken cancellationToken = default) =>
        InOneTransactionAsync(async lease =>
        {
            try
            {
                await lease.Connection.ExecuteAsync(new CommandDefinition(
                    $"INSERT INTO policies ({Columns}) VALUES (@Id, @SpaceId, @Name, @Description, @LabelsJson, @CurrentVersion, @CreatedBy, @CreatedAt, @UpdatedAt)",
                    PolicyRow.From(policy), lease.Transaction, cancellationToken: cancellationToken));
            }
            catch (Exception e) when (Dialect.IsUniqueViolation(e))
            {
                throw new MandateException(MandateErrorCodes.AlreadyExists,
                    $"a policy named '{policy.Name}' already exists in space '{policy.SpaceId}'; update it instead, or choose another name");
            }

            await InsertVersionAsync(lease, firstVersion, cancellationToken);
        }, cancellationToken);

    public async Task<PolicyRecord?> GetAsync(string policyId, CancellationToken cancellationToken = default) =>
        (await QuerySingleOrDefaultAsync<PolicyRow>($"SELECT {Columns} FROM policies WHERE id = @policyId", new { policyId }, cancellationToken))?.ToRecord();

    public async Task<PolicyRecord?> FindByNameAsync(string spaceId, string name, CancellationToken cancellationToken = default) =>
        (await QuerySingleOrDefaultAsync<PolicyRow>($"SELECT {Columns} FROM policies WHERE space_id = @spaceId AND name = @name", new { spaceId, name }, cancellationToken))?.ToRecord();

    public async Task<Page<PolicyRecord>> ListAsync(IReadOnlyCollection<string> spaceIds, PageRequest page, CancellationToken cancellationToken = default)
    {
        var after = Cursor.Decode(page.Cursor, 2);
        var limit = page.EffectiveLimit;
        var rows = await QueryAsync<PolicyRow>(
            $"""
            SELECT {Columns} FROM policies
            WHERE {Dialect.InList("space_id", "spaceIds")} AND (@afterName IS NULL OR name > @afterName OR (name = @afterName AND id > @afterId))
            ORDER BY name, id LIMIT @take
            """,
            new { spaceIds = spaceIds.ToArray(), afterName = after?[0], afterId = after?[1], take = limit + 1 }, cancellationToken);
        return Paging.Build(rows, limit, r => r.ToRecord(), r => Cursor.Encode(r.Name, r.Id));
    }

    public Task AddVersionAsync(PolicyRecord updated, PolicyVersionRecord version, CancellationToken cancellationToken = default) =>
        InOneTransactionAsync(async lease =>
        {
            await InsertVersionAsync(lease, version, cancellationToken);
            var changed = await lease.Connection.ExecuteAsync(new CommandDefinition(
                "UPDATE policies SET description = @Description, labels_json = @LabelsJson, current_version = @CurrentVersion, updated_at = @UpdatedAt WHERE id = @Id",
                PolicyRow.From(updated with { CurrentVersion = version.Version }), lease.Transaction, cancellationToken: cancellationToken));
            if (changed == 0)
            {
                throw new MandateException(MandateErrorCodes.NotFound, $"policy '{updated.Id}' does not exist");
            }
        }, cancellationToken);

    public async Task<PolicyVersionRecord?> GetVersionAsync(string policyId, int version, CancellationToken cancellationToken = default) =>
        (await QuerySingleOrDefaultAsync<VersionRow>(
            "SELECT policy_id, version, body, created_by, created_at FROM policy_versions WHERE policy_id = @policyId AND version = @version",
            new { policyId, version = (long)version }, cancellationToken))?.ToRecord();

    public async Task<bool> DeleteAsync(string policyId, CancellationToken cancellationToken = default) =>
        await ExecuteAsync("DELETE FROM policies WHERE id = @policyId", new { policyId }, cancellationToken) > 0;

    public Task AttachAsync(PolicyAttachmentRecord attachment, CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            "INSERT INTO policy_attachments (policy_id, project_id, attached_by, attached_at) VALUES (@PolicyId, @ProjectId, @AttachedBy, @AttachedAt) ON CONFLICT (policy_id, project_id) DO NOTHING",
            new { attachment.PolicyId, attachment.ProjectId, attachment.AttachedBy, AttachedAt = Time.ToMs(attachment.AttachedAt) }, cancellationToken);

    public async Task<bool> DetachAsync(string policyId, string projectId, CancellationToken cancellationToken = default) =>
        await ExecuteAsync("DELETE FROM policy_attachments WHERE policy_id = @policyId AND project_id = @projectId", new { policyId, projectId }, cancellationToken) > 0;

    public async Task<IReadOnlyList<PolicyAttachmentRecord>> AttachmentsOfProjectAsync(string projectId, CancellationToken cancellationToken = default) =>
        (await QueryAsync<AttachmentRow>(
            "SELECT policy_id, project_id, attached_by, attached_at FROM policy_attachments WHERE project_id = @projectId ORDER BY policy_id",
            new { projectId }, cancellationToken)).Select(r => r.ToRecord()).ToList();

    public async Task<IReadOnlyList<PolicyRecord>> AutoAttachingAsync(IReadOnlyCollection<string> spaceIds, CancellationToken cancellationToken = default) =>
        (await QueryAsync<PolicyRow>(
            $"SELECT {Columns} FROM policies WHERE {Dialect.InList("space_id", "spaceIds")} AND labels_json LIKE '%\"autoattach:%' ORDER BY name, id",
            new { spaceIds = spaceIds.ToArray() }, cancellationToken)).Select(r => r.ToRecord()).ToList();

    public Task AddSampleAsync(PolicySampleRecord sample, int keep, CancellationToken cancellationToken = default) =>
        AddSamplesAsync([sample], keep, cancellationToken);

    public Task AddSamplesAsync(IReadOnlyList<PolicySampleRecord> samples, int keep, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            return Task.CompletedTask;
        }

        return InOneTransactionAsync(async lease =>
        {
            // One INSERT for the whole decision (ids stay in list order), instead of one statement per sample.
            var values = new StringBuilder();
            var parameters = new DynamicParameters();
            for (var i = 0; i < samples.Count; i++)
            {
                var sample = samples[i];
                values.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@p{i}, @v{i}, @i{i}, @r{i}, @c{i})");
                parameters.Add($"p{i}", sample.PolicyId);
                parameters.Add($"v{i}", (long)sample.PolicyVersion);
                parameters.Add($"i{i}", sample.InputJson);
                parameters.Add($"r{i}", sample.ResultJson);
                parameters.Add($"c{i}", Time.ToMs(sample.CreatedAt));
            }

            await lease.Connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO policy_samples (policy_id, policy_version, input_json, result_json, created_at) VALUES {values}",
                parameters, lease.Transaction, cancellationToken: cancellationToken));
            // Bounded: the newest `keep` samples of each policy survive. Everything from the (keep+1)-th newest down is one
            // range of the (policy_id, id) index (usually one row), rather than a NOT IN list of the `keep` survivors per insert.
            foreach (var policyId in samples.Select(s => s.PolicyId).Distinct(StringComparer.Ordinal))
            {
                await lease.Connection.ExecuteAsync(new CommandDefinition(
                    "DELETE FROM policy_samples WHERE policy_id = @policyId AND id <= (SELECT id FROM policy_samples WHERE policy_id = @policyId ORDER BY id DESC LIMIT 1 OFFSET @keep)",
                    new { policyId, keep }, lease.Transaction, cancellationToken: cancellationToken));
            }
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<PolicySampleRecord>> SamplesAsync(string policyId, int limit, CancellationToken cancellationToken = default) =>
        (await QueryAsync<SampleRow>(
            "SELECT id, policy_id, policy_version, input_json, result_json, created_at FROM policy_samples WHERE policy_id = @policyId ORDER BY id DESC LIMIT @limit",
            new { policyId, limit }, cancellationToken)).Select(r => r.ToRecord()).ToList();

    public async Task<IReadOnlyList<PolicyCandidate>> CandidatesForProjectAsync(string projectId, IReadOnlyCollection<string> spaceIds,
        CancellationToken cancellationToken = default)
    {
        // One round trip replaces one query per attachment plus one per policy version.
        var rows = await QueryAsync<CandidateRow>(
            $"""
            SELECT p.id, p.space_id, p.name, p.description, p.labels_json, p.current_version, p.created_by, p.created_at, p.updated_at, v.body,
                   CAST(CASE WHEN a.policy_id IS NULL THEN 0 ELSE 1 END AS BIGINT) AS attached
            FROM policies p
            JOIN policy_versions v ON v.policy_id = p.id AND v.version = p.current_version
            LEFT JOIN policy_attachments a ON a.policy_id = p.id AND a.project_id = @projectId
            WHERE a.policy_id IS NOT NULL OR ({Dialect.InList("p.space_id", "spaceIds")} AND p.labels_json LIKE '%"autoattach:%')
            ORDER BY p.name, p.id
            """,
            new { projectId, spaceIds = spaceIds.ToArray() }, cancellationToken);
        return rows.Select(r => new PolicyCandidate(r.ToRecord(), r.Body, r.Attached != 0)).ToList();
    }

    private static async Task InsertVersionAsync(ConnectionLease lease, PolicyVersionRecord version, CancellationToken cancellationToken) =>
        await lease.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO policy_versions (policy_id, version, body, created_by, created_at) VALUES (@PolicyId, @Version, @Body, @CreatedBy, @CreatedAt)",
            new { version.PolicyId, Version = (long)version.Version, version.Body, version.CreatedBy, CreatedAt = Time.ToMs(version.CreatedAt) },
            lease.Transaction, cancellationToken: cancellationToken));

    private sealed class PolicyRow
    {
        public string Id { get; set; } = "";
        public string SpaceId { get; set; } = "";
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";
        public string LabelsJson { get; set; } = "[]";
        public long CurrentVersion { get; set; }
        public string CreatedBy { get; set; } = "";
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }

        public static PolicyRow From(PolicyRecord p) => new()
        {
            Id = p.Id, SpaceId = p.SpaceId, Name = p.Name, Description = p.Description, LabelsJson = Json.Labels(p.Labels),
            CurrentVersion = p.CurrentVersion, CreatedBy = p.CreatedBy, CreatedAt = Time.ToMs(p.CreatedAt), UpdatedAt = Time.ToMs(p.UpdatedAt),
        };

        public PolicyRecord ToRecord() => new(Id, SpaceId, Name, Description, Json.Labels(LabelsJson), (int)CurrentVersion, CreatedBy,
            Time.FromMs(CreatedAt), Time.FromMs(UpdatedAt));
    }

    private sealed class CandidateRow
    {
        public string Id { get; set; } = "";
        public string SpaceId { get; set; } = "";
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";
        public string LabelsJson { get; set; } = "[]";
        public long CurrentVersion { get; set; }
        public string CreatedBy { get; set; } = "";
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }
        public string Body { get; set; } = "";
        public long Attached { get; set; }

        public PolicyRecord ToRecord() => new(Id, SpaceId, Name, Description, Json.Labels(LabelsJson), (int)CurrentVersion, CreatedBy,
            Time.FromMs(CreatedAt), Time.FromMs(UpdatedAt));
    }

    private sealed class VersionRow
    {
        public string PolicyId { get; set; } = "";
        public long Version { get; set; }
        public string Body { get; set; } = "";
        public string CreatedBy { get; set; } = "";
        public long CreatedAt { get; set; }

        public PolicyVersionRecord ToRecord() => new(PolicyId, (int)Version, Body, CreatedBy, Time.FromMs(CreatedAt));
    }

    private sealed class AttachmentRow
    {
        public string PolicyId { get; set; } = "";
        public string ProjectId { get; set; } = "";
        public string AttachedBy { get; set; } = "";
        public long AttachedAt { get; set; }

        public PolicyAttachmentRecord ToRecord() => new(PolicyId, ProjectId, AttachedBy, Time.FromMs(AttachedAt));
    }

    private sealed class SampleRow
    {
        public long Id { get; set; }
        public string PolicyId { get; set; } = "";
        public long PolicyVersion { get; set; }
        public string InputJson { get; set; } = "";
        public string ResultJson { get; set; } = "";
        public long CreatedAt { get; set; }

        public PolicySampleRecord ToRecord() => new(Id, PolicyId, (int)PolicyVersion, InputJson, ResultJson, Time.FromMs(CreatedAt));
    }
}
