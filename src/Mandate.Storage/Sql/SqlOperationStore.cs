namespace Mandate.Storage.Sql;

using Mandate.Core.Model;
using Mandate.Core.Stores;

internal sealed partial class SqlOperationStore(ConnectionSource connections) : SqlRepository(connections), IOperationStore
{
    internal const string Columns =
        "id, project_id, resource_id, kind, status, requested_by, session_id, request_json, plan_json, plan_hash, decision_json, decided_by, error, recovery, created_at, updated_at, completed_at, expires_at";

    public Task CreateAsync(OperationRecord operation, CancellationToken cancellationToken = default) =>
        InsertAsync(
            $"""
            INSERT INTO operations ({Columns}) VALUES (@Id, @ProjectId, @ResourceId, @Kind, @Status, @RequestedBy, @SessionId, @RequestJson, @PlanJson, @PlanHash,
                @DecisionJson, @DecidedBy, @Error, @Recovery, @CreatedAt, @UpdatedAt, @CompletedAt, @ExpiresAt)
            """,
            OperationRow.From(operation), () => $"operation '{operation.Id}' already exists", cancellationToken);

    public async Task<OperationRecord?> GetAsync(string operationId, CancellationToken cancellationToken = default) =>
        (await QuerySingleOrDefaultAsync<OperationRow>($"SELECT {Columns} FROM operations WHERE id = @operationId", new { operationId }, cancellationToken))?.ToRecord();

    public async Task<bool> UpdateIfStatusAsync(OperationRecord operation, OperationStatus expectedStatus, CancellationToken cancellationToken = default)
    {
        var row = OperationRow.From(operation);
        var changed = await ExecuteAsync(
            """
            UPDATE operations SET status = @Status, plan_json = @PlanJson, plan_hash = @PlanHash, decision_json = @DecisionJson, decided_by = @DecidedBy,
                error = @Error, recovery = @Recovery, updated_at = @UpdatedAt, completed_at = @CompletedAt, expires_at = @ExpiresAt
            WHERE id = @Id AND status = @Expected
            """,
            new { row.Status, row.PlanJson, row.PlanHash, row.DecisionJson, row.DecidedBy, row.Error, row.Recovery, row.UpdatedAt, row.CompletedAt,
                row.ExpiresAt, row.Id, Expected = expectedStatus.ToWire() },
            cancellationToken);
        return changed == 1;
    }

    public async Task<Page<OperationRecord>> ListAsync(OperationQuery query, PageRequest page, CancellationToken cancellationToken = default)
    {
        var before = Cursor.Decode(page.Cursor, 2);
        var limit = page.EffectiveLimit;
        var statuses = query.Statuses?.Select(s => s.ToWire()).ToArray();
        var rows = await QueryAsync<OperationRow>(
            $"""
            SELECT {Columns} FROM operations
            WHERE (@projectId IS NULL OR project_id = @projectId)
              AND (@resourceId IS NULL OR resource_id = @resourceId)
              AND (@requestedBy IS NULL OR requested_by = @requestedBy)
              {(statuses is null ? "" : $"AND {Dialect.InList("status", "statuses")}")}
              AND (@beforeAt IS NULL OR created_at < @beforeAt OR (created_at = @beforeAt AND id < @beforeId))
            ORDER BY created_at DESC, id DESC LIMIT @take
            """,
            new
            {
                projectId = query.ProjectId, resourceId = query.ResourceId, requestedBy = query.RequestedBy, statuses,
                beforeAt = before is null ? (long?)null : long.Parse(before[0], System.Globalization.CultureInfo.InvariantCulture),
                beforeId = before?[1], take = limit + 1,
            },
            cancellationToken);
        return Paging.Build(rows, limit, r => r.ToRecord(),
            r => Cursor.Encode(r.CreatedAt.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Id));
    }

    public async Task<OperationRecord?> ClaimNextQueuedAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        (await QuerySingleOrDefaultAsync<OperationRow>(Dialect.ClaimNextQueuedSql, new { now = Time.ToMs(now), holder = (string?)null, leaseUntil = (long?)null }, cancellationToken))?.ToRecord();

    private sealed class OperationRow
    {
        public string Id { get; set; } = "";
        public string ProjectId { get; set; } = "";
        public string ResourceId { get; set; } = "";
        public string Kind { get; set; } = "";
        public string Status { get; set; } = "";
        public string RequestedBy { get; set; } = "";
        public string? SessionId { get; set; }
        public string RequestJson { get; set; } = "{}";
        public string? PlanJson { get; set; }
        public string? PlanHash { get; set; }
        public string? DecisionJson { get; set; }
        public string? DecidedBy { get; set; }
        public string? Error { get; set; }
        public string? Recovery { get; set; }
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }
        public long? CompletedAt { get; set; }
        public long? ExpiresAt { get; set; }

        public static OperationRow From(OperationRecord o) => new()
        {
            Id = o.Id, ProjectId = o.ProjectId, ResourceId = o.ResourceId, Kind = o.Kind.ToWire(), Status = o.Status.ToWire(), RequestedBy = o.RequestedBy,
            SessionId = o.SessionId, RequestJson = o.RequestJson, PlanJson = o.PlanJson, PlanHash = o.PlanHash, DecisionJson = o.DecisionJson,
            DecidedBy = o.DecidedBy, Error = o.Error, Recovery = o.Recovery, CreatedAt = Time.ToMs(o.CreatedAt), UpdatedAt = Time.ToMs(o.UpdatedAt),
            CompletedAt = Time.ToMs(o.CompletedAt), ExpiresAt = Time.ToMs(o.ExpiresAt),
        };

        public OperationRecord ToRecord() => new(Id, ProjectId, ResourceId, OperationNames.ParseKind(Kind), OperationNames.ParseStatus(Status), RequestedBy,
            SessionId, RequestJson, PlanJson, PlanHash, DecisionJson, DecidedBy, Error, Recovery, Time.FromMs(CreatedAt), Time.FromMs(UpdatedAt),
            Time.FromMs(CompletedAt), Time.FromMs(ExpiresAt));
    }
}
