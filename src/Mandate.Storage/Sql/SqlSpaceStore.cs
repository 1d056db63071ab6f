namespace Mandate.Storage.Sql;

using Dapper;
using Mandate.Core;
using Mandate.Core.Access;
using Mandate.Core.Model;
using Mandate.Core.Stores;

/// <summary>Spaces as rows with a parent link; the tree is rebuilt and checked by <see cref="SpaceTree.Create"/>.</summary>
internal sealed class SqlSpaceStore(ConnectionSource connections) : SqlRepository(connections), ISpaceStore
{
    private const string Columns = "id, parent_id, name, created_at";

    public async Task CreateAsync(SpaceRecord space, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(space);
        if (space.ParentId is not { } parent)
        {
            throw new MandateException(MandateErrorCodes.InvalidArgument,
                $"space '{space.Id}' needs a parent; only the root space has none, and it exists from the start");
        }

        await InOneTransactionAsync(async lease =>
        {
            // Checked here rather than left to the foreign key, so the error names the missing parent.
            var parentExists = await lease.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM spaces WHERE id = @parent", new { parent = parent.Value }, lease.Transaction, cancellationToken: cancellationToken));
            if (parentExists == 0)
            {
                throw new MandateException(MandateErrorCodes.NotFound, $"cannot create space '{space.Id}': its parent space '{parent}' does not exist");
            }

            try
            {
                await lease.Connection.ExecuteAsync(new CommandDefinition(
                    $"INSERT INTO spaces ({Columns}) VALUES (@id, @parentId, @name, @createdAt)",
                    new { id = space.Id.Value, parentId = parent.Value, name = space.Name, createdAt = Time.ToMs(space.CreatedAt) },
                    lease.Transaction, cancellationToken: cancellationToken));
            }
            catch (Exception e) when (Dialect.IsUniqueViolation(e))
            {
                throw new MandateException(MandateErrorCodes.AlreadyExists, $"a space named '{space.Id}' already exists");
            }
        }, cancellationToken);
    }

    public async Task<SpaceRecord?> GetAsync(SpaceId id, CancellationToken cancellationToken = default) =>
        (await QuerySingleOrDefaultAsync<SpaceRow>($"SELECT {Columns} FROM spaces WHERE id = @id", new { id = id.Value }, cancellationToken))?.ToRecord();

    public async Task<IReadOnlyList<SpaceRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        (await QueryAsync<SpaceRow>($"SELECT {Columns} FROM spaces ORDER BY id", null, cancellationToken)).Select(r => r.ToRecord()).ToList();

    public async Task<SpaceTree> LoadTreeAsync(CancellationToken cancellationToken = default) =>
        SpaceTree.Create((await ListAsync(cancellationToken)).Select(s => s.Link));

    private sealed class SpaceRow
    {
        public string Id { get; set; } = "";
        public string? ParentId { get; set; }
        public string Name { get; set; } = "";
        public long CreatedAt { get; set; }

        public SpaceRecord ToRecord() =>
            new(new SpaceId(Id), ParentId is null ? null : new SpaceId(ParentId), Name, Time.FromMs(CreatedAt));
    }
}
