namespace Mandate.Storage.Tests;

using Mandate.Core.Model;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task A_claim_records_its_lease_and_only_its_holder_can_renew_it()
    {
        var queued = Operation("lease-1", OperationStatus.Queued);
        await Store.Operations.CreateAsync(queued);

        var claimed = await Store.Operations.ClaimNextQueuedAsync(new OperationLease("node-a", T0.AddSeconds(30)), T0);
        var renewedByHolder = await Store.Operations.RenewLeaseAsync(queued.Id, new OperationLease("node-a", T0.AddSeconds(60)));
        var renewedByOther = await Store.Operations.RenewLeaseAsync(queued.Id, new OperationLease("node-b", T0.AddSeconds(90)));

        Assert.Equal(OperationStatus.Applying, claimed!.Status);
        Assert.True(renewedByHolder);
        Assert.False(renewedByOther);
        Assert.Equal(new OperationLease("node-a", T0.AddSeconds(60)), await Store.Operations.GetLeaseAsync(queued.Id));
    }

    [Fact]
    public async Task An_operation_recorded_claimed_is_applying_under_its_lease_and_out_of_the_queue()
    {
        var operation = Operation("lease-0", OperationStatus.Queued);

        var recorded = await Store.Operations.CreateClaimedAsync(operation, new OperationLease("node-a", T0.AddSeconds(30)));
        var stored = (await Store.Operations.GetAsync(operation.Id))!;
        var claimedByWorker = await Store.Operations.ClaimNextQueuedAsync(new OperationLease("node-b", T0.AddSeconds(30)), T0);
        var claimedInline = await Store.Operations.ClaimQueuedAsync(operation.Id, new OperationLease("node-b", T0.AddSeconds(30)), T0);

        Assert.Equal(OperationStatus.Applying, recorded.Status);
        Assert.Equal(OperationStatus.Applying, stored.Status);
        Assert.Equal(operation.PlanHash, stored.PlanHash);
        Assert.Equal(new OperationLease("node-a", T0.AddSeconds(30)), await Store.Operations.GetLeaseAsync(operation.Id));
        Assert.Null(claimedByWorker);
        Assert.Null(claimedInline);
        Assert.True(await Store.Operations.RenewLeaseAsync(operation.Id, new OperationLease("node-a", T0.AddSeconds(60))));
        Assert.Empty(await Store.Operations.ListAbandonedAsync(T0.AddSeconds(59), T0, 10));
        Assert.Single(await Store.Operations.ListAbandonedAsync(T0.AddSeconds(61), T0, 10), o => o.Id == operation.Id);
    }

    [Fact]
    public async Task A_named_queued_operation_is_claimed_once()
    {
        var queued = Operation("lease-2", OperationStatus.Queued);
        await Store.Operations.CreateAsync(queued);

        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Task.Run(() => Store.Operations.ClaimQueuedAsync(queued.Id, new OperationLease($"node-{i}", T0.AddSeconds(30)), T0))));

        var winner = Assert.Single(claims, c => c is not null);
        Assert.Equal(winner!.Id, queued.Id);
        Assert.Equal(OperationStatus.Applying, (await Store.Operations.GetAsync(queued.Id))!.Status);
    }

    [Fact]
    public async Task Only_applying_operations_with_a_lapsed_lease_or_none_for_too_long_are_abandoned_and_taken_over_once()
    {
        var live = Operation("live", OperationStatus.Queued);
        var lapsed = Operation("lapsed", OperationStatus.Queued);
        var unleasedStale = Operation("unleased-stale", OperationStatus.Applying);
        var unleasedFresh = Operation("unleased-fresh", OperationStatus.Applying) with { UpdatedAt = T0.AddMinutes(10) };
        var done = Operation("done", OperationStatus.Succeeded);
        foreach (var operation in new[] { live, lapsed, unleasedStale, unleasedFresh, done })
        {
            await Store.Operations.CreateAsync(operation);
        }

        await Store.Operations.ClaimQueuedAsync(live.Id, new OperationLease("node-a", T0.AddMinutes(20)), T0);
        await Store.Operations.ClaimQueuedAsync(lapsed.Id, new OperationLease("node-dead", T0.AddMinutes(5)), T0);
        var now = T0.AddMinutes(10).AddSeconds(1);
        var staleBefore = T0.AddMinutes(9);

        var abandoned = await Store.Operations.ListAbandonedAsync(now, staleBefore, 10);
        var takeovers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            Task.Run(() => Store.Operations.TakeOverAbandonedAsync(lapsed.Id, new OperationLease($"recoverer-{i}", now.AddMinutes(1)), now, staleBefore))));
        var liveTakeover = await Store.Operations.TakeOverAbandonedAsync(live.Id, new OperationLease("recoverer", now.AddMinutes(1)), now, staleBefore);

        Assert.Equal(["lapsed", "unleased-stale"], abandoned.Select(o => o.ResourceId).Order(StringComparer.Ordinal));
        var winner = Assert.Single(takeovers, t => t is not null);
        Assert.Equal((await Store.Operations.GetLeaseAsync(lapsed.Id))!.Holder, takeovers.Select((t, i) => t is null ? null : $"recoverer-{i}").Single(h => h is not null));
        Assert.Equal(OperationStatus.Applying, winner!.Status);
        Assert.Null(liveTakeover);
        Assert.DoesNotContain(await Store.Operations.ListAbandonedAsync(now, staleBefore, 10), o => o.Id == lapsed.Id);
    }
}
