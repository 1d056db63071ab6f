namespace Mandate.Storage.Tests;

using Dapper;
using Mandate.Core.Audit;
using Mandate.Core.Stores;
using Mandate.Storage.Sql;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Concurrent_appends_form_one_unbroken_chain()
    {
        await Task.WhenAll(Enumerable.Range(1, 20).Select(i => Task.Run(() => Store.Audit.AppendAsync(Event(i)))));

        var entries = await ReadAllAsync();
        var verification = await AuditChainVerifier.VerifyAsync(Store.Audit.ReadAllAsync());

        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.Equal(20, entries.Select(e => e.TargetId).Distinct().Count());
        Assert.True(verification.IsIntact, verification.Message);
        Assert.Equal(20, verification.EntriesChecked);
    }

    [Fact]
    public async Task Entries_read_back_exactly_as_sealed()
    {
        // Sub-millisecond time and non-ASCII payload text: both must survive byte for byte for the hash to hold.
        var auditEvent = Event(1, project: "prj_1", resource: "table") with
        {
            Time = T0.AddTicks(1234560),
            Payload = new AuditPayloadBuilder().Add("note", "ünïcödé ✓ \"quoted\"").Add("count", 3).Build(),
        };

        var appended = await Store.Audit.AppendAsync(auditEvent);
        var stored = Assert.Single(await ReadAllAsync());

        Assert.Equal(appended, stored);
        Assert.Equal(T0.AddTicks(1234560), stored.Time);
        Assert.Equal(AuditChain.GenesisHash, stored.PreviousHash);
        Assert.Equal(AuditChain.ComputeHash(stored.PreviousHash, stored), stored.Hash);
    }

    [Fact]
    public async Task Tampering_with_one_row_is_named_by_the_verifier()
    {
        for (var i = 1; i <= 5; i++)
        {
            await Store.Audit.AppendAsync(Event(i));
        }

        Assert.True((await AuditChainVerifier.VerifyAsync(Store.Audit.ReadAllAsync())).IsIntact);
        await using (var connection = await ((SqlStore)Store).SqlDialect.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("UPDATE audit_entries SET payload = '{\"n\":999}' WHERE sequence = 3");
        }

        var verification = await AuditChainVerifier.VerifyAsync(Store.Audit.ReadAllAsync());

        Assert.False(verification.IsIntact);
        Assert.Equal(3, verification.BrokenSequence);
        Assert.Equal(AuditBreak.HashMismatch, verification.Break);
        Assert.Equal(2, verification.LastVerified.Sequence);
    }

    [Fact]
    public async Task An_append_in_a_rolled_back_unit_of_work_leaves_no_trace()
    {
        await using (var transaction = await Store.BeginAsync())
        {
            await transaction.Audit.AppendAsync(Event(1));
        }

        await using (var transaction = await Store.BeginAsync())
        {
            await transaction.Audit.AppendAsync(Event(2));
            await transaction.CommitAsync();
        }

        var entry = Assert.Single(await ReadAllAsync());
        Assert.Equal(1, entry.Sequence);
        Assert.Equal("target-2", entry.TargetId);
    }

    [Fact]
    public async Task Search_filters_by_project_resource_actor_action_and_time_newest_first()
    {
        await Store.Audit.AppendAsync(Event(1, project: "prj_a", resource: "t1", actor: "usr_alice", action: "resource.create"));
        await Store.Audit.AppendAsync(Event(2, project: "prj_a", resource: "t2", actor: "usr_bob", action: "resource.create"));
        await Store.Audit.AppendAsync(Event(3, project: "prj_b", resource: "t1", actor: "usr_alice", action: "resource.delete"));
        await Store.Audit.AppendAsync(Event(4, project: null, resource: null, actor: "mdt_key", action: "auth.failed"));
        await Store.Audit.AppendAsync(Event(5, project: "prj_a", resource: "t1", actor: "usr_alice", action: "resource.update"));

        Assert.Equal(new long[] { 5, 2, 1 }, await SequencesAsync(new AuditQuery(ProjectId: "prj_a")));
        Assert.Equal(new long[] { 5, 1 }, await SequencesAsync(new AuditQuery(ProjectId: "prj_a", ResourceId: "t1")));
        Assert.Equal(new long[] { 5, 3, 1 }, await SequencesAsync(new AuditQuery(ActorId: "usr_alice")));
        Assert.Equal(new long[] { 4 }, await SequencesAsync(new AuditQuery(Action: "auth.failed")));
        Assert.Equal(new long[] { 3, 2 }, await SequencesAsync(new AuditQuery(From: T0.AddMinutes(2), To: T0.AddMinutes(4))));
        Assert.Empty(await SequencesAsync(new AuditQuery(ProjectId: "prj_a", Action: "resource.delete")));

        var first = await Store.Audit.SearchAsync(new AuditQuery(), new PageRequest(null, 2));
        var second = await Store.Audit.SearchAsync(new AuditQuery(), new PageRequest(first.NextCursor, 2));
        var third = await Store.Audit.SearchAsync(new AuditQuery(), new PageRequest(second.NextCursor, 2));
        Assert.Equal([5, 4, 3, 2, 1], first.Items.Concat(second.Items).Concat(third.Items).Select(e => e.Sequence));
        Assert.Null(third.NextCursor);
    }

    private async Task<long[]> SequencesAsync(AuditQuery query) =>
        (await Store.Audit.SearchAsync(query, new PageRequest(null, 50))).Items.Select(e => e.Sequence).ToArray();

    private async Task<List<AuditEntry>> ReadAllAsync()
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in Store.Audit.ReadAllAsync())
        {
            entries.Add(entry);
        }

        return entries;
    }

    private static AuditEvent Event(int i, string? project = "prj_audit", string? resource = null, string actor = "usr_alice", string action = "resource.create") =>
        new(T0.AddMinutes(i), actor, actor + " (display)", action, "resource", $"target-{i}", project, resource, AuditOutcomes.Succeeded,
            new AuditPayloadBuilder().Add("n", i).Build());
}
