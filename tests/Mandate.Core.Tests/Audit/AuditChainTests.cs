using Mandate.Core.Audit;

namespace Mandate.Core.Tests.Audit;

public sealed class AuditChainTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);

    private static List<AuditEntry> Chain(int count)
    {
        var entries = new List<AuditEntry>();
        AuditEntry? last = null;
        for (var i = 0; i < count; i++)
        {
            var evt = new AuditEvent(Start.AddSeconds(i).AddTicks(1234567), $"u-{i % 3}", $"User {i % 3}", "resource.create",
                "resource", $"bucket-{i}", "web", i % 2 == 0 ? $"bucket-{i}" : null, AuditOutcomes.Succeeded,
                new AuditPayloadBuilder().Add("n", i).Build());
            last = AuditChain.Seal(last, evt);
            entries.Add(last);
        }

        return entries;
    }

    private static async IAsyncEnumerable<AuditEntry> Stream(IEnumerable<AuditEntry> entries)
    {
        foreach (var entry in entries)
        {
            await Task.Yield();
            yield return entry;
        }
    }

    private static ValueTask<AuditVerification> Verify(IEnumerable<AuditEntry> entries, AuditCheckpoint? from = null) =>
        AuditChainVerifier.VerifyAsync(Stream(entries), from, CancellationToken.None);

    [Fact]
    public async Task An_untouched_chain_verifies()
    {
        var entries = Chain(20);

        var result = await Verify(entries);

        Assert.True(result.IsIntact, result.Message);
        Assert.Equal(20, result.EntriesChecked);
        Assert.Equal(new AuditCheckpoint(20, entries[^1].Hash), result.LastVerified);
        Assert.Equal("audit chain intact: 20 entries, 1 to 20", result.Message);
    }

    [Fact]
    public async Task An_empty_trail_verifies()
    {
        var result = await Verify([]);

        Assert.True(result.IsIntact);
        Assert.Equal(AuditCheckpoint.Genesis, result.LastVerified);
    }

    [Fact]
    public void Sealing_numbers_from_one_links_to_genesis_and_then_to_each_hash()
    {
        var entries = Chain(3);

        Assert.Equal([1L, 2L, 3L], entries.Select(e => e.Sequence));
        Assert.Equal(new string('0', 64), entries[0].PreviousHash);
        Assert.Equal(entries[0].Hash, entries[1].PreviousHash);
        Assert.Equal(entries[1].Hash, entries[2].PreviousHash);
        Assert.Matches("^[0-9a-f]{64}$", entries[2].Hash);
        Assert.Equal(3, entries.Select(e => e.Hash).Distinct().Count());
    }

    public static TheoryData<string> Fields() =>
    [
        "Sequence", "Time", "ActorId", "ActorDisplay", "Action", "TargetKind", "TargetId", "ProjectId", "ResourceId", "Outcome", "Payload",
    ];

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task Changing_any_field_of_one_entry_names_that_entry(string field)
    {
        var entries = Chain(10);
        var victim = entries[6];
        entries[6] = field switch
        {
            "Sequence" => victim with { Sequence = 8 },
            "Time" => victim with { Time = victim.Time.AddMicroseconds(1) },
            "ActorId" => victim with { ActorId = "u-mallory" },
            "ActorDisplay" => victim with { ActorDisplay = "Someone Else" },
            "Action" => victim with { Action = "resource.delete" },
            "TargetKind" => victim with { TargetKind = "policy" },
            "TargetId" => victim with { TargetId = "bucket-x" },
            "ProjectId" => victim with { ProjectId = null },
            "ResourceId" => victim with { ResourceId = "" },
            "Outcome" => victim with { Outcome = AuditOutcomes.Denied },
            _ => victim with { Payload = """{"n":7}""" },
        };

        var result = await Verify(entries);

        Assert.False(result.IsIntact);
        Assert.Equal(field == "Sequence" ? 8 : 7, result.BrokenSequence);
        Assert.Equal(field == "Sequence" ? AuditBreak.SequenceGap : AuditBreak.HashMismatch, result.Break);
        Assert.Equal(new AuditCheckpoint(6, entries[5].Hash), result.LastVerified);
        Assert.StartsWith($"audit chain broken at entry {result.BrokenSequence}", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_an_entry_names_the_gap()
    {
        var entries = Chain(10);
        entries.RemoveAt(4);

        var result = await Verify(entries);

        Assert.Equal(6, result.BrokenSequence);
        Assert.Equal(AuditBreak.SequenceGap, result.Break);
        Assert.Contains("entry 5 is missing", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_an_entry_and_renumbering_the_rest_is_still_caught()
    {
        var entries = Chain(10);
        entries.RemoveAt(4);
        for (var i = 4; i < entries.Count; i++)
        {
            entries[i] = entries[i] with { Sequence = i + 1 };
        }

        var result = await Verify(entries);

        Assert.Equal(5, result.BrokenSequence);
        Assert.Equal(AuditBreak.PreviousHashMismatch, result.Break);
    }

    [Fact]
    public async Task Entries_read_out_of_order_are_named()
    {
        var entries = Chain(10);
        (entries[3], entries[4]) = (entries[4], entries[3]);

        var result = await Verify(entries);

        Assert.Equal(5, result.BrokenSequence);
        Assert.Equal(AuditBreak.SequenceGap, result.Break);
    }

    [Fact]
    public async Task Swapping_two_rows_contents_while_keeping_the_numbers_is_named()
    {
        var entries = Chain(10);
        var (third, fourth) = (entries[3], entries[4]);
        entries[3] = fourth with { Sequence = 4 };
        entries[4] = third with { Sequence = 5 };

        var result = await Verify(entries);

        Assert.Equal(4, result.BrokenSequence);
        Assert.Equal(AuditBreak.PreviousHashMismatch, result.Break);
    }

    [Fact]
    public async Task Rewriting_an_entry_and_recomputing_its_hash_breaks_the_next_link()
    {
        var entries = Chain(10);
        var forged = entries[2] with { ActorId = "u-mallory" };
        entries[2] = forged with { Hash = AuditChain.ComputeHash(forged.PreviousHash, forged) };

        var result = await Verify(entries);

        Assert.Equal(4, result.BrokenSequence);
        Assert.Equal(AuditBreak.PreviousHashMismatch, result.Break);
        Assert.Contains("not the hash of entry 3", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicated_entry_is_named_as_out_of_order()
    {
        var entries = Chain(5);
        entries.Insert(3, entries[2]);

        var result = await Verify(entries);

        Assert.Equal(3, result.BrokenSequence);
        Assert.Equal(AuditBreak.SequenceOutOfOrder, result.Break);
    }

    [Fact]
    public async Task A_chain_not_starting_from_genesis_is_refused()
    {
        var entries = Chain(3);
        entries[0] = entries[0] with { PreviousHash = new string('f', 64) };

        var result = await Verify(entries);

        Assert.Equal(1, result.BrokenSequence);
        Assert.Equal(AuditBreak.PreviousHashMismatch, result.Break);
    }

    [Fact]
    public async Task Verification_can_continue_from_a_checkpoint()
    {
        var entries = Chain(10);
        var first = await Verify(entries.Take(6));

        var rest = await Verify(entries.Skip(6), first.LastVerified);

        Assert.True(rest.IsIntact, rest.Message);
        Assert.Equal(4, rest.EntriesChecked);
        Assert.Equal("audit chain intact: 4 entries, 7 to 10", rest.Message);
        Assert.False((await Verify(entries.Skip(7), first.LastVerified)).IsIntact);
    }

    [Fact]
    public void Times_are_kept_to_microseconds_so_the_hash_survives_a_store_round_trip()
    {
        var entry = Chain(1)[0];

        Assert.Equal(0, entry.Time.Ticks % 10);
        Assert.Equal(TimeSpan.Zero, entry.Time.Offset);
        var asReadBackInAnotherOffset = entry with { Time = entry.Time.ToOffset(TimeSpan.FromHours(2)) };
        Assert.Equal(entry.Hash, AuditChain.ComputeHash(entry.PreviousHash, asReadBackInAnotherOffset));
    }

    [Fact]
    public void Hash_follows_the_documented_encoding()
    {
        // Expected value computed outside .NET (Python hashlib/struct) from the encoding documented on
        // AuditChain, so another implementation (a CLI in another language, a SQL check) can reproduce it.
        var entry = new AuditEntry(1, new DateTimeOffset(2026, 11, 22, 3, 0, 0, TimeSpan.Zero).AddTicks(1234560), "u-1", "Ann",
            "resource.create", "resource", "b1", "web", null, "succeeded", """{"n":1,"s":"é"}""", AuditChain.GenesisHash, "");

        Assert.Equal("881420581d17e65f5726622ac6e316a36a8b8783d3f9783c714207a961d02641", AuditChain.ComputeHash(AuditChain.GenesisHash, entry));
    }

    [Fact]
    public void Null_and_empty_optional_fields_hash_differently()
    {
        var entry = Chain(1)[0];

        Assert.NotEqual(
            AuditChain.ComputeHash(entry.PreviousHash, entry with { ProjectId = null }),
            AuditChain.ComputeHash(entry.PreviousHash, entry with { ProjectId = "" }));
        Assert.NotEqual(
            AuditChain.ComputeHash(entry.PreviousHash, entry with { ActorId = "ab", ActorDisplay = "c" }),
            AuditChain.ComputeHash(entry.PreviousHash, entry with { ActorId = "a", ActorDisplay = "bc" }));
    }

    [Fact]
    public void An_event_without_an_actor_cannot_be_sealed()
    {
        var evt = new AuditEvent(Start, "", "", "resource.create", "resource", "b", null, null, AuditOutcomes.Succeeded, AuditPayload.Empty);

        Assert.Throws<ArgumentException>(() => AuditChain.Seal(null, evt));
    }
}
