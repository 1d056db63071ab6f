namespace Mandate.Core.Stores;

using Mandate.Core.Audit;

/// <summary>The append-only, hash-chained audit trail.</summary>
public interface IAuditStore
{
    /// <summary>
    /// Seals <paramref name="auditEvent"/> after the latest entry and inserts it, reading the latest entry
    /// and inserting in one write transaction that excludes every other appender, so concurrent appends
    /// (from any number of processes) always form one chain. Inside a unit of work the entry commits or
    /// rolls back with it.
    /// </summary>
    Task<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);

    /// <summary>Every entry in ascending sequence order, read in batches (for <see cref="AuditChainVerifier"/> and export).</summary>
    IAsyncEnumerable<AuditEntry> ReadAllAsync(CancellationToken cancellationToken = default);

    /// <summary>Entries matching every given filter, newest first.</summary>
    Task<Page<AuditEntry>> SearchAsync(AuditQuery query, PageRequest page, CancellationToken cancellationToken = default);
}

/// <summary>Audit search filters; null means "any". Times are inclusive from, exclusive to.</summary>
public sealed record AuditQuery(
    string? ProjectId = null,
    string? ResourceId = null,
    string? ActorId = null,
    string? Action = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null);
