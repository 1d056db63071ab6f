namespace Mandate.Storage.Tests;

using Mandate.Core.Model;
using Mandate.Core.Stores;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task An_operation_round_trips_every_field()
    {
        var operation = Operation("o-full", OperationStatus.PendingReview) with
        {
            SessionId = "mcp-session-1",
            PlanJson = """{"changes":[]}""",
            PlanHash = new string('a', 64),
            DecisionJson = """{"outcome":"pending_review"}""",
            ExpiresAt = T0.AddDays(1),
        };

        await Store.Operations.CreateAsync(operation);

        Assert.Equal(operation, await Store.Operations.GetAsync(operation.Id));
    }

    [Fact]
    public async Task Of_two_racing_status_changes_exactly_one_wins()
    {
        var pending = Operation("race", OperationStatus.PendingReview);
        await Store.Operations.CreateAsync(pending);

        var approve = Store.Operations.UpdateIfStatusAsync(pending with { Status = OperationStatus.Queued, DecidedBy = "usr_approver" }, OperationStatus.PendingReview);
        var expire = Store.Operations.UpdateIfStatusAsync(pending with { Status = OperationStatus.Expired }, OperationStatus.PendingReview);
        var results = await Task.WhenAll(approve, expire);

        Assert.Single(results, won => won);
        var final = (await Store.Operations.GetAsync(pending.Id))!.Status;
        Assert.Equal(results[0] ? OperationStatus.Queued : OperationStatus.Expired, final);
    }

    [Fact]
    public async Task Operations_list_newest_first_with_filters_and_pages()
    {
        for (var i = 0; i < 5; i++)
        {
            await Store.Operations.CreateAsync(Operation($"op-{i}", i % 2 == 0 ? OperationStatus.Succeeded : OperationStatus.PendingReview) with
            {
                CreatedAt = T0.AddSeconds(i),
            });
        }

        var firstPage = await Store.Operations.ListAsync(new OperationQuery(ProjectId: "prj_ops"), new PageRequest(null, 3));
        var secondPage = await Store.Operations.ListAsync(new OperationQuery(ProjectId: "prj_ops"), new PageRequest(firstPage.NextCursor, 3));
        var pending = await Store.Operations.ListAsync(new OperationQuery(Statuses: [OperationStatus.PendingReview]), new PageRequest());

        Assert.Equal(["op-4", "op-3", "op-2"], firstPage.Items.Select(o => o.ResourceId));
        Assert.Equal(["op-1", "op-0"], secondPage.Items.Select(o => o.ResourceId));
        Assert.Equal(["op-3", "op-1"], pending.Items.Select(o => o.ResourceId));
    }

    [Fact]
    public async Task Concurrent_workers_claim_each_queued_operation_exactly_once_oldest_first()
    {
        for (var i = 0; i < 6; i++)
        {
            await Store.Operations.CreateAsync(Operation($"q-{i}", OperationStatus.Queued) with { CreatedAt = T0.AddSeconds(i) });
        }

        var first = await Store.Operations.ClaimNextQueuedAsync(T0.AddMinutes(1));
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Store.Operations.ClaimNextQueuedAsync(T0.AddMinutes(1)))));
        var claimed = claims.Where(c => c is not null).Select(c => c!.ResourceId).ToList();

        Assert.Equal("q-0", first!.ResourceId);
        Assert.Equal(OperationStatus.Applying, first.Status);
        Assert.Equal(5, claimed.Count);
        Assert.Equal(5, claimed.Distinct().Count());
        Assert.DoesNotContain("q-0", claimed);
        Assert.Null(await Store.Operations.ClaimNextQueuedAsync(T0.AddMinutes(1)));
    }

    private static OperationRecord Operation(string resourceId, OperationStatus status) =>
        new(Ids.New("op"), "prj_ops", resourceId, OperationKind.Create, status, "usr_alice", null, """{"config":{}}""", null, null, null, null, null, null,
            T0, T0, null, null);
}
