namespace Mandate.Core.Tests.Pipeline;

using System.Text.Json.Nodes;
using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Mandate.Core.Pipeline.Worker;
using Mandate.Core.Secrets;
using Mandate.Core.Stores;
using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Xunit;

/// <summary>
/// Crash recovery of a resource with a provider-sensitive attribute: an aws_ssm_parameter (value marked sensitive)
/// in the SSM emulator, the crash host killed for real. What recovery records is sealed like every other state write,
/// opens to the right value for the provider (a later plan of the same config is a no-op), and never reaches the
/// database in plain text.
/// </summary>
public abstract partial class LongOperationTests
{
    [RequiresAwsProviderFact]
    public async Task A_crash_after_the_provider_created_a_parameter_with_a_sensitive_value_is_recorded_once_sealed_and_then_plans_as_unchanged()
    {
        var name = ParameterName("crash-created");
        var secret = $"CrashSecret-{Guid.NewGuid():N}";
        using var ssm = new SsmHttpClient(aws.Ssm.Endpoint);

        var crashed = await CrashInHostAsync("p", "create:aws_ssm_parameter", Parameter(name, secret), FaultPoint.AfterApplyBeforeStateWrite);
        Assert.Equal(secret, (await ssm.GetParameterAsync(name))!["Value"]!.GetValue<string>());
        Assert.Null(await _store.Resources.GetAsync(_project.Id, "p"));

        await UntilLeaseLapsedAsync(crashed.Id);
        var (store, service, recovery) = Restart(freshPool: true);
        var report = await recovery.ReconcileAsync();
        var again = await recovery.ReconcileAsync();
        var result = await service.GetResultAsync(crashed.Id);
        var plan = await service.PlanAsync(Alice, _project.Id, "p", PlanIntent.Update([]));

        var settled = Assert.Single(report.Settled);
        Assert.Empty(again.Settled);
        Assert.Equal(OperationStatus.Succeeded, settled.Status);
        Assert.Contains($"found aws_ssm_parameter '{name}' by the planned 'name'", result.Operation.Recovery, StringComparison.Ordinal);
        Assert.Equal(Redaction.Marker, result.State!["value"]!.GetValue<string>());
        Assert.Equal(secret, await StoredValueAsync(store, "p"));
        Assert.Equal(crashed.Id, Assert.Single((await store.Resources.HistoryAsync(_project.Id, "p", new PageRequest())).Items).OperationId);
        Assert.Equal("noop", plan.Action);
        Assert.Equal(1, (await ssm.GetParameterAsync(name))!["Version"]!.GetValue<long>()); // made once, never again
        Assert.False(await DatabaseHoldsAsync(secret), "the database holds the recovered secret in plain text");
    }

    // The update scenarios run as facts of the SQLite class only: recovery's update logic does not depend on the
    // dialect (the create case above runs on both), and each crash-host run costs ~10 s of the machine's two cores.

    /// <summary>A crash after the provider applied an update of a sensitive value: recovery records the new value, sealed.</summary>
    protected async Task CrashAfterASensitiveUpdateTookEffectAsync()
    {
        var name = ParameterName("crash-updated");
        var (before, after) = ($"OldSecret-{Guid.NewGuid():N}", $"NewSecret-{Guid.NewGuid():N}");
        using var ssm = new SsmHttpClient(aws.Ssm.Endpoint);
        await CreateParameterAsync(name, before);

        var crashed = await CrashInHostAsync("p", "update", new JsonObject { ["value"] = after }, FaultPoint.AfterApplyBeforeStateWrite);
        Assert.Equal(after, (await ssm.GetParameterAsync(name))!["Value"]!.GetValue<string>());

        await UntilLeaseLapsedAsync(crashed.Id);
        var (store, service, recovery) = Restart(freshPool: true);
        var settled = Assert.Single((await recovery.ReconcileAsync()).Settled);
        var plan = await service.PlanAsync(Alice, _project.Id, "p", PlanIntent.Update([]));

        Assert.Equal(OperationStatus.Succeeded, settled.Status);
        Assert.Contains("the object shows the planned changes", settled.Recovery, StringComparison.Ordinal);
        Assert.Equal(after, await StoredValueAsync(store, "p"));
        Assert.Equal(after, await StoredValueAsync(store, "p", config: true));
        Assert.Equal(crashed.Id, (await store.Resources.HistoryAsync(_project.Id, "p", new PageRequest())).Items[0].OperationId);
        Assert.Equal("noop", plan.Action);
        Assert.False(await DatabaseHoldsAsync(before) || await DatabaseHoldsAsync(after), "the database holds a secret in plain text");
    }

    /// <summary>A crash before an update of only a sensitive value reached the provider: recovery fails it, the old value stays.</summary>
    /// <remarks>
    /// Plans show a sensitive value as the marker before and after, so an update of only the value shows no planned
    /// change; recovery must look at the value itself, or it would call an update that never reached the cloud done.
    /// </remarks>
    protected async Task CrashBeforeASensitiveUpdateAsync()
    {
        var name = ParameterName("crash-not-updated");
        var (before, after) = ($"KeptSecret-{Guid.NewGuid():N}", $"NeverSecret-{Guid.NewGuid():N}");
        using var ssm = new SsmHttpClient(aws.Ssm.Endpoint);
        await CreateParameterAsync(name, before);

        var crashed = await CrashInHostAsync("p", "update", new JsonObject { ["value"] = after }, FaultPoint.BeforeApply);
        Assert.Equal(before, (await ssm.GetParameterAsync(name))!["Value"]!.GetValue<string>());

        await UntilLeaseLapsedAsync(crashed.Id);
        var (store, service, recovery) = Restart(freshPool: true);
        var settled = Assert.Single((await recovery.ReconcileAsync()).Settled);
        var plan = await service.PlanAsync(Alice, _project.Id, "p", PlanIntent.Update([]));

        Assert.Equal(OperationStatus.Failed, settled.Status);
        Assert.Contains("before the update took effect", settled.Error, StringComparison.Ordinal);
        Assert.Contains("the planned changes are not there", settled.Recovery, StringComparison.Ordinal);
        Assert.Equal(before, await StoredValueAsync(store, "p"));
        Assert.Equal(before, await StoredValueAsync(store, "p", config: true));
        Assert.Equal("noop", plan.Action);
        Assert.False(await DatabaseHoldsAsync(before) || await DatabaseHoldsAsync(after), "the database holds a secret in plain text");
    }

    private async Task CreateParameterAsync(string name, string value)
    {
        // The crash host takes the project lock as "crash-session": the same session, so it is not refused the lock.
        var created = await Service(_store, aws.Pool, new OperationOptions()).CreateAsync(Alice, "crash-session", _project.Id, "p", "aws_ssm_parameter",
            Parameter(name, value));
        Assert.Equal(OperationStatus.Succeeded, created.Operation.Status);
    }

    /// <summary>The stored state's (or config's) value: sealed in the store, opened here with the test's key.</summary>
    private async Task<string> StoredValueAsync(IMandateStore store, string resourceId, bool config = false)
    {
        var resource = (await store.Resources.GetAsync(_project.Id, resourceId))!;
        var document = JsonNode.Parse(config ? resource.ConfigJson : resource.StateJson!)!;
        Assert.True(SealedJson.IsSealed(document["value"]), $"the stored {(config ? "config" : "state")} holds the value unsealed");
        return SealedJson.Open(document, Protector, SealedJson.Location(_project.Id))!["value"]!.GetValue<string>();
    }

    private static JsonObject Parameter(string name, string value) =>
        new() { ["name"] = name, ["type"] = "SecureString", ["value"] = value, ["description"] = "crash recovery test" };

    private static string ParameterName(string purpose) => $"/mandate/{purpose}/{Guid.NewGuid():N}";
}
