namespace Mandate.Core.Audit;

/// <summary>Why a chain is broken at an entry.</summary>
public enum AuditBreak
{
    /// <summary>The entry's sequence number is higher than the next expected one: entries are missing (deleted) or out of order.</summary>
    SequenceGap,

    /// <summary>The entry's sequence number is not higher than the last one: a duplicate or entries out of order.</summary>
    SequenceOutOfOrder,

    /// <summary>The entry's previous hash is not the hash of the entry before it: something before it was removed, replaced or reordered.</summary>
    PreviousHashMismatch,

    /// <summary>The entry's fields do not produce its hash: the entry itself was changed.</summary>
    HashMismatch,
}

/// <summary>A verified position in the chain, from which a later verification can continue.</summary>
/// <param name="Sequence">The last verified entry's sequence (0 before the first entry).</param>
/// <param name="Hash">The last verified entry's hash (<see cref="AuditChain.GenesisHash"/> before the first entry).</param>
public sealed record AuditCheckpoint(long Sequence, string Hash)
{
    /// <summary>The start of every chain.</summary>
    public static AuditCheckpoint Genesis { get; } = new(0, AuditChain.GenesisHash);
}

/// <summary>The result of <see cref="AuditChainVerifier.VerifyAsync"/>.</summary>
/// <param name="IsIntact">True when every entry checked is linked and unchanged.</param>
/// <param name="EntriesChecked">How many entries were read (including the broken one).</param>
/// <param name="LastVerified">The last entry that verified: keep it to continue later, or to notice
/// entries removed from the end, which a hash chain alone cannot show.</param>
/// <param name="BrokenSequence">The sequence number of the first broken entry.</param>
/// <param name="Break">Why it is broken.</param>
/// <param name="Message">One line for people: what was checked, or which entry is broken and why.</param>
public sealed record AuditVerification(bool IsIntact, long EntriesChecked, AuditCheckpoint LastVerified,
    long? BrokenSequence, AuditBreak? Break, string Message);

/// <summary>Walks the audit trail in sequence order and names the first entry that breaks the chain.</summary>
public static class AuditChainVerifier
{
    /// <summary>
    /// Verifies <paramref name="entries"/>, which must be in ascending sequence order, starting after
    /// <paramref name="from"/> (the genesis by default). Stops at the first broken entry. Checks, in
    /// order: the sequence follows on; the previous hash links to the last entry; the hash matches the
    /// fields.
    /// </summary>
    public static async ValueTask<AuditVerification> VerifyAsync(IAsyncEnumerable<AuditEntry> entries,
        AuditCheckpoint? from = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var last = from ?? AuditCheckpoint.Genesis;
        long checkedCount = 0;
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            checkedCount++;
            var expected = last.Sequence + 1;
            if (entry.Sequence > expected)
            {
                return Broken(checkedCount, last, entry, AuditBreak.SequenceGap,
                    expected == entry.Sequence - 1
                        ? $"entry {expected} is missing (deleted, or the entries are out of order)"
                        : $"entries {expected} to {entry.Sequence - 1} are missing (deleted, or the entries are out of order)");
            }

            if (entry.Sequence < expected)
            {
                return Broken(checkedCount, last, entry, AuditBreak.SequenceOutOfOrder,
                    $"it comes after entry {last.Sequence} (a duplicate, or the entries are out of order)");
            }

            if (!string.Equals(entry.PreviousHash, last.Hash, StringComparison.Ordinal))
            {
                return Broken(checkedCount, last, entry, AuditBreak.PreviousHashMismatch,
                    last.Sequence == 0
                        ? "it does not start from the genesis hash"
                        : $"its previous hash is not the hash of entry {last.Sequence} (an entry before it was removed, replaced or reordered)");
            }

            if (!string.Equals(AuditChain.ComputeHash(entry.PreviousHash, entry), entry.Hash, StringComparison.Ordinal))
            {
                return Broken(checkedCount, last, entry, AuditBreak.HashMismatch,
                    "its fields do not match its hash (the entry was modified)");
            }

            last = new AuditCheckpoint(entry.Sequence, entry.Hash);
        }

        var range = checkedCount == 0 ? "no entries" : $"{checkedCount} entries, {last.Sequence - checkedCount + 1} to {last.Sequence}";
        return new AuditVerification(true, checkedCount, last, null, null, $"audit chain intact: {range}");
    }

    private static AuditVerification Broken(long checkedCount, AuditCheckpoint last, AuditEntry entry, AuditBreak why, string detail) =>
        new(false, checkedCount, last, entry.Sequence, why, $"audit chain broken at entry {entry.Sequence}: {detail}");
}
