namespace Mandate.Core.Tests.Pipeline;

using System.Text.Json.Nodes;
using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Mandate.Core.Stores;
using Mandate.Core.Tests.Policies;
using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Xunit;

/// <summary>
/// Recovery of interrupted updates and deletes. The crash is simulated in the store (an operation left applying,
/// unleased, by a process long gone); what the cloud holds is real and is what recovery must report.
/// </summary>
public abstract partial class LongOperationTests
{
    [RequiresAwsProviderFact]
    public async Task An_interrupted_update_records_what_exists_and_an_interrupted_delete_whose_object_is_gone_removes_the_state()
    {
        var name = TableName("reconcile");
        using var dynamo = new DynamoDbHttpClient(aws.Dynalite.Endpoint);
        var service = Service(_store, aws.Pool, new OperationOptions());
        await service.CreateAsync(Alice, "s1", _project.Id, "t", "aws_dynamodb_table", Table(name));
        await AttachAsync("tags", SeedPolicies.RequireTags);

        // An update that was cut off before the provider call: the table keeps its old shape.
        var update = await service.UpdateAsync(Alice, "s1", _project.Id, "t", JsonNode.Parse("""{"billing_mode": "PROVISIONED", "read_capacity": 3, "write_capacity": 3}""")!.AsObject());
        await LeaveApplyingAsync(update.Operation);
        var (store, _, recovery) = Restart();
        var afterUpdate = Assert.Single((await recovery.ReconcileAsync()).Settled);
        var refreshed = (await store.Resources.GetAsync(_project.Id, "t"))!;

        Assert.Equal(OperationStatus.Failed, afterUpdate.Status);
        Assert.Contains("before the update took effect", afterUpdate.Error, StringComparison.Ordinal);
        Assert.Equal(2, refreshed.StateVersion);
        Assert.Equal("PAY_PER_REQUEST", JsonNode.Parse(refreshed.StateJson!)!["billing_mode"]!.GetValue<string>());
        Assert.Equal("PAY_PER_REQUEST", JsonNode.Parse(refreshed.ConfigJson)!["billing_mode"]!.GetValue<string>());

        // A delete whose provider call went through before the crash: the table is gone, the state still says it exists.
        var delete = Assert.Single(await service.DeleteAsync(Alice, "s1", _project.Id, "t", cascade: false));
        await LeaveApplyingAsync(delete.Operation);
        await dynamo.CallAsync("DeleteTable", new { TableName = name });
        var afterDelete = Assert.Single((await recovery.ReconcileAsync()).Settled);

        Assert.Equal(OperationStatus.Succeeded, afterDelete.Status);
        Assert.Contains("the object is gone; state removed", afterDelete.Recovery, StringComparison.Ordinal);
        Assert.Null(await store.Resources.GetAsync(_project.Id, "t"));
        var history = (await store.Resources.HistoryAsync(_project.Id, "t", new PageRequest())).Items;
        Assert.Equal([3L, 2, 1], history.Select(v => v.Version));
        Assert.Null(history[0].StateJson);
        Assert.Empty((await recovery.ReconcileAsync()).Settled);
    }

    // What a process that died an hour ago mid-apply leaves: the operation applying, no live lease.
    private async Task LeaveApplyingAsync(OperationRecord pending)
    {
        Assert.Equal(OperationStatus.PendingReview, pending.Status);
        var abandoned = pending with { Status = OperationStatus.Applying, DecidedBy = Bob.Id, UpdatedAt = DateTimeOffset.UtcNow.AddHours(-1) };
        Assert.True(await _store.Operations.UpdateIfStatusAsync(abandoned, OperationStatus.PendingReview));
    }
}
