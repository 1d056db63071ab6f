namespace Mandate.Storage.Sql;

using Mandate.Core;
using Mandate.Core.Model;
using Mandate.Core.Stores;

internal sealed class SqlProjectStore(ConnectionSource connections) : SqlRepository(connections), IProjectStore
{
    private const string Columns = "id, space_id, name, description, labels_json, providers_json, created_by, created_at, updated_at";

    public Task CreateAsync(ProjectRecord project, CancellationToken cancellationToken = default) =>
        InsertAsync($"INSERT INTO projects ({Columns}) VALUES (@Id, @SpaceId, @Name, @Description, @LabelsJson, @ProvidersJson, @CreatedBy, @CreatedAt, @UpdatedAt)",
            ProjectRow.From(project),
            () => $"a project named '{project.Name}' already exists in space '{project.SpaceId}'; choose another name or use the existing project",
            cancellationToken);

    public async Task<ProjectRecord?> GetAsync(string projectId, CancellationToken cancellationToken = default) =>
        (await QuerySingleOrDefaultAsync<ProjectRow>($"SELECT {Columns} FROM projects WHERE id = @projectId", new { projectId }, cancellationToken))?.ToRecord();

    public async Task<ProjectRecord?> FindByNameAsync(string spaceId, string name, CancellationToken cancellationToken = default) =>
        (await QuerySingleOrDefaultAsync<ProjectRow>($"SELECT {Columns} FROM projects WHERE space_id = @spaceId AND name = @name", new { spaceId, name }, cancellationToken))?.ToRecord();

    public async Task<Page<ProjectRecord>> ListAsync(IReadOnlyCollection<string> spaceIds, PageRequest page, CancellationToken cancellationToken = default)
    {
        var after = Cursor.Decode(page.Cursor, 2);
        var limit = page.EffectiveLimit;
        var rows = await QueryAsync<ProjectRow>(
            $"""
            SELECT {Columns} FROM projects
            WHERE {Dialect.InList("space_id", "spaceIds")} AND (@afterName IS NULL OR name > @afterName OR (name = @afterName AND id > @afterId))
            ORDER BY name, id LIMIT @take
            """,
            new { spaceIds = spaceIds.ToArray(), afterName = after?[0], afterId = after?[1], take = limit + 1 },
            cancellationToken);
        return Paging.Build(rows, limit, r => r.ToRecord(), r => Cursor.Encode(r.Name, r.Id));
    }

    public async Task UpdateAsync(ProjectRecord project, CancellationToken cancellationToken = default)
    {
        var changed = await ExecuteAsync(
            "UPDATE projects SET description = @Description, labels_json = @LabelsJson, providers_json = @ProvidersJson, updated_at = @UpdatedAt WHERE id = @Id",
            ProjectRow.From(project), cancellationToken);
        if (changed == 0)
        {
            throw new MandateException(MandateErrorCodes.NotFound, $"project '{project.Id}' does not exist");
        }
    }

    public async Task<bool> DeleteAsync(string projectId, CancellationToken cancellationToken = default) =>
        await ExecuteAsync("DELETE FROM projects WHERE id = @projectId", new { projectId }, cancellationToken) > 0;

    private sealed class ProjectRow
    {
        public string Id { get; set; } = "";
        public string SpaceId { get; set; } = "";
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";
        public string LabelsJson { get; set; } = "[]";
        public string ProvidersJson { get; set; } = "[]";
        public string CreatedBy { get; set; } = "";
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }

        public static ProjectRow From(ProjectRecord p) => new()
        {
            Id = p.Id, SpaceId = p.SpaceId, Name = p.Name, Description = p.Description,
            LabelsJson = Json.Labels(p.Labels), ProvidersJson = Json.Providers(p.Providers),
            CreatedBy = p.CreatedBy, CreatedAt = Time.ToMs(p.CreatedAt), UpdatedAt = Time.ToMs(p.UpdatedAt),
        };

        public ProjectRecord ToRecord() => new(Id, SpaceId, Name, Description, Json.Labels(LabelsJson), Json.Providers(ProvidersJson),
            CreatedBy, Time.FromMs(CreatedAt), Time.FromMs(UpdatedAt));
    }
}
