namespace Mandate.Storage.Sql;

using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Dapper;
using Mandate.Core.Audit;
using Mandate.Core.Stores;

/// <summary>
/// The audit trail as rows. Appends read the chain head and insert the next entry under the dialect's
/// audit lock in one write transaction, so the chain never forks; the sequence primary key is a second
/// guard (a forked append would fail to insert rather than be stored).
/// </summary>
internal sealed class SqlAuditStore(ConnectionSource connections) : SqlRepository(connections), IAuditStore
{
    internal const string Columns =
        "sequence, time, actor_id, actor_display, action, target_kind, target_id, project_id, resource_id, outcome, payload, previous_hash, hash";

    // Large enough that verifying a long trail costs few round trips, small enough to bound memory.
    private const int ReadBatchSize = 500;

    public async Task<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        AuditEntry? appended = null;
        await InOneTransactionAsync(async lease =>
        {
            await Dialect.LockAuditChainAsync(lease.Connection, lease.Transaction!, cancellationToken);
            var head = await lease.Connection.QuerySingleOrDefaultAsync<AuditRow>(new CommandDefinition(
                $"SELECT {Columns} FROM audit_entries ORDER BY sequence DESC LIMIT 1", transaction: lease.Transaction, cancellationToken: cancellationToken));
            appended = AuditChain.Seal(head?.ToEntry(), auditEvent);
            await lease.Connection.ExecuteAsync(new CommandDefinition(
                $"""
                INSERT INTO audit_entries ({Columns})
                VALUES (@Sequence, @Time, @ActorId, @ActorDisplay, @Action, @TargetKind, @TargetId, @ProjectId, @ResourceId, @Outcome, @Payload, @PreviousHash, @Hash)
                """,
                AuditRow.From(appended), lease.Transaction, cancellationToken: cancellationToken));
        }, cancellationToken);
        return appended!;
    }

    public async IAsyncEnumerable<AuditEntry> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Keyset batches rather than one long-running reader, so no connection is held between batches.
        long after = 0;
        while (true)
        {
            var batch = await QueryAsync<AuditRow>(
                $"SELECT {Columns} FROM audit_entries WHERE sequence > @after ORDER BY sequence LIMIT {ReadBatchSize}", new { after }, cancellationToken);
            foreach (var row in batch)
            {
                yield return row.ToEntry();
            }

            if (batch.Count < ReadBatchSize)
            {
                yield break;
            }

            after = batch[^1].Sequence;
        }
    }

    public async Task<Page<AuditEntry>> SearchAsync(AuditQuery query, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = page.EffectiveLimit;
        var parameters = new DynamicParameters();
        var where = new StringBuilder("WHERE 1 = 1");
        AddFilter(where, parameters, "project_id", query.ProjectId);
        AddFilter(where, parameters, "resource_id", query.ResourceId);
        AddFilter(where, parameters, "actor_id", query.ActorId);
        AddFilter(where, parameters, "action", query.Action);
        if (query.From is { } from)
        {
            where.Append(" AND time >= @from");
            parameters.Add("from", ToMicroseconds(from));
        }

        if (query.To is { } to)
        {
            where.Append(" AND time < @to");
            parameters.Add("to", ToMicroseconds(to));
        }

        if (Cursor.Decode(page.Cursor, 1) is [var before])
        {
            where.Append(" AND sequence < @before");
            parameters.Add("before", long.Parse(before, CultureInfo.InvariantCulture));
        }

        parameters.Add("take", limit + 1);
        var rows = await QueryAsync<AuditRow>($"SELECT {Columns} FROM audit_entries {where} ORDER BY sequence DESC LIMIT @take", parameters, cancellationToken);
        return Paging.Build(rows, limit, r => r.ToEntry(), r => Cursor.Encode(r.Sequence.ToString(CultureInfo.InvariantCulture)));
    }

    private static void AddFilter(StringBuilder where, DynamicParameters parameters, string column, string? value)
    {
        if (value is not null)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND {column} = @{column}");
            parameters.Add(column, value);
        }
    }

    // The audit hash covers whole microseconds, so the column keeps exactly that (milliseconds would lose them).
    private static long ToMicroseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    private sealed class AuditRow
    {
        public long Sequence { get; set; }
        public long Time { get; set; }
        public string ActorId { get; set; } = "";
        public string ActorDisplay { get; set; } = "";
        public string Action { get; set; } = "";
        public string TargetKind { get; set; } = "";
        public string TargetId { get; set; } = "";
        public string? ProjectId { get; set; }
        public string? ResourceId { get; set; }
        public string Outcome { get; set; } = "";
        public string Payload { get; set; } = "";
        public string PreviousHash { get; set; } = "";
        public string Hash { get; set; } = "";

        public static AuditRow From(AuditEntry entry) => new()
        {
            Sequence = entry.Sequence,
            Time = ToMicroseconds(entry.Time),
            ActorId = entry.ActorId,
            ActorDisplay = entry.ActorDisplay,
            Action = entry.Action,
            TargetKind = entry.TargetKind,
            TargetId = entry.TargetId,
            ProjectId = entry.ProjectId,
            ResourceId = entry.ResourceId,
            Outcome = entry.Outcome,
            Payload = entry.Payload,
            PreviousHash = entry.PreviousHash,
            Hash = entry.Hash,
        };

        public AuditEntry ToEntry() => new(Sequence, DateTimeOffset.UnixEpoch.AddTicks(Time * TimeSpan.TicksPerMicrosecond), ActorId, ActorDisplay,
            Action, TargetKind, TargetId, ProjectId, ResourceId, Outcome, Payload, PreviousHash, Hash);
    }
}
