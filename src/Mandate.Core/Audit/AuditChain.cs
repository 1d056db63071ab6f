using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Mandate.Core.Audit;

/// <summary>
/// The hash chain over audit entries: each entry's hash covers its fields and the previous entry's
/// hash, so changing, removing or reordering any entry breaks every link after it.
/// </summary>
/// <remarks>
/// The hash is SHA-256 over an encoding with no ambiguity: a version label, then each field in a fixed
/// order; integers as 8-byte big-endian, strings as a 4-byte big-endian UTF-8 length and the bytes, and
/// a missing optional string as length 0xFFFFFFFF (so null and "" differ). Times are encoded as whole
/// microseconds since the Unix epoch, which both stores keep exactly.
/// </remarks>
public static class AuditChain
{
    /// <summary>The previous hash of the first entry: 64 zeros.</summary>
    public static readonly string GenesisHash = new('0', 64);

    private static readonly byte[] VersionLabel = Encoding.ASCII.GetBytes("mandate-audit-v1");

    /// <summary>
    /// Turns an event into the next entry after <paramref name="previous"/> (null when the trail is
    /// empty). The store must call this and insert the result in one transaction that also read
    /// <paramref name="previous"/> as the latest entry, so two writers cannot both append after it.
    /// </summary>
    public static AuditEntry Seal(AuditEntry? previous, AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        Require(auditEvent.ActorId, nameof(AuditEvent.ActorId));
        Require(auditEvent.Action, nameof(AuditEvent.Action));
        Require(auditEvent.TargetKind, nameof(AuditEvent.TargetKind));
        Require(auditEvent.TargetId, nameof(AuditEvent.TargetId));
        Require(auditEvent.Outcome, nameof(AuditEvent.Outcome));
        ArgumentNullException.ThrowIfNull(auditEvent.Payload);

        var entry = new AuditEntry(
            Sequence: (previous?.Sequence ?? 0) + 1,
            Time: ToMicrosecondsUtc(auditEvent.Time),
            auditEvent.ActorId, auditEvent.ActorDisplay ?? string.Empty, auditEvent.Action, auditEvent.TargetKind,
            auditEvent.TargetId, auditEvent.ProjectId, auditEvent.ResourceId, auditEvent.Outcome, auditEvent.Payload.Json,
            PreviousHash: previous?.Hash ?? GenesisHash,
            Hash: string.Empty);
        return entry with { Hash = ComputeHash(entry.PreviousHash, entry) };
    }

    /// <summary>
    /// The hash of <paramref name="entry"/> chained after <paramref name="previousHash"/>. Every field
    /// except <see cref="AuditEntry.PreviousHash"/> and <see cref="AuditEntry.Hash"/> is taken from
    /// the entry; the previous hash comes from the argument.
    /// </summary>
    public static string ComputeHash(string previousHash, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(previousHash);
        ArgumentNullException.ThrowIfNull(entry);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(VersionLabel);
        AppendString(hash, previousHash);
        AppendInt64(hash, entry.Sequence);
        AppendInt64(hash, MicrosecondsSinceEpoch(entry.Time));
        AppendString(hash, entry.ActorId);
        AppendString(hash, entry.ActorDisplay);
        AppendString(hash, entry.Action);
        AppendString(hash, entry.TargetKind);
        AppendString(hash, entry.TargetId);
        AppendString(hash, entry.ProjectId);
        AppendString(hash, entry.ResourceId);
        AppendString(hash, entry.Outcome);
        AppendString(hash, entry.Payload);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    internal static DateTimeOffset ToMicrosecondsUtc(DateTimeOffset time) =>
        DateTimeOffset.UnixEpoch.AddTicks(MicrosecondsSinceEpoch(time) * TimeSpan.TicksPerMicrosecond);

    // Floor division, so times before 1970 also truncate towards the past like those after it.
    private static long MicrosecondsSinceEpoch(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var (quotient, remainder) = Math.DivRem(ticks, TimeSpan.TicksPerMicrosecond);
        return remainder < 0 ? quotient - 1 : quotient;
    }

    private static void AppendInt64(IncrementalHash hash, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        hash.AppendData(bytes);
    }

    private static void AppendString(IncrementalHash hash, string? value)
    {
        Span<byte> length = stackalloc byte[4];
        if (value is null)
        {
            BinaryPrimitives.WriteUInt32BigEndian(length, uint.MaxValue);
            hash.AppendData(length);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }

    private static void Require(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new ArgumentException($"an audit event needs a {field}", field);
        }
    }
}
