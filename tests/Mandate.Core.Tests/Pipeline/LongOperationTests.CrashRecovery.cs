namespace Mandate.Core.Tests.Pipeline;

using System.Diagnostics;
using System.Text.Json.Nodes;
using Mandate.Core.Model;
using Mandate.Core.Pipeline.Worker;
using Mandate.Core.Secrets;
using Mandate.Core.Stores;
using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Xunit;

/// <summary>
/// Crash safety with a real process kill: Mandate.Core.FaultHost runs a create against this test's database and
/// dies by Environment.FailFast at a fault point; then this process "restarts" (new store, provider pool and
/// recovery) and reconciles.
/// </summary>
public abstract partial class LongOperationTests
{
    private const int HostLeaseMilliseconds = 1500;

    // The host starts .NET and two provider processes (a schema probe and the pool's configured instance, whose
    // ValidateProviderConfig alone costs the AWS provider 3-4 s of CPU): generous for a machine shared by many builds.
    private static readonly TimeSpan HostPatience = TimeSpan.FromMinutes(4);

    [RequiresAwsProviderFact]
    public async Task A_crash_after_the_provider_created_the_table_and_before_the_state_write_is_recorded_exactly_once_on_restart()
    {
        var name = TableName("crash-after");
        using var dynamo = new DynamoDbHttpClient(aws.Dynalite.Endpoint);

        var crashed = await CrashInHostAsync("t", "create:aws_dynamodb_table", Table(name), FaultPoint.AfterApplyBeforeStateWrite);
        // The gap the crash left: the table exists, the store knows only the intent.
        Assert.NotNull(await dynamo.DescribeTableAsync(name));
        Assert.Equal(OperationStatus.Applying, crashed.Status);
        Assert.Null(await _store.Resources.GetAsync(_project.Id, "t"));

        await UntilLeaseLapsedAsync(crashed.Id);
        var (store, service, recovery) = Restart(freshPool: true);
        var report = await recovery.ReconcileAsync();
        var again = await recovery.ReconcileAsync();
        var result = await service.GetResultAsync(crashed.Id);

        var settled = Assert.Single(report.Settled);
        Assert.Empty(report.Deferred);
        Assert.Empty(again.Settled);
        Assert.Equal(OperationStatus.Succeeded, settled.Status);
        Assert.Equal(OperationStatus.Succeeded, result.Operation.Status);
        Assert.Contains($"found aws_dynamodb_table '{name}' by the planned 'name'", result.Operation.Recovery, StringComparison.Ordinal);
        Assert.Equal(name, result.State!["name"]!.GetValue<string>());
        Assert.StartsWith("arn:aws:dynamodb:", result.State["arn"]!.GetValue<string>(), StringComparison.Ordinal);
        var history = (await store.Resources.HistoryAsync(_project.Id, "t", new PageRequest())).Items;
        Assert.Equal(crashed.Id, Assert.Single(history).OperationId);
        Assert.Single(await dynamo.ListTablesAsync(), t => t == name);
    }

    [RequiresAwsProviderFact]
    public async Task A_crash_before_the_provider_was_called_creates_nothing_and_the_operation_fails_with_the_reason()
    {
        var name = TableName("crash-before");
        using var dynamo = new DynamoDbHttpClient(aws.Dynalite.Endpoint);

        var crashed = await CrashInHostAsync("t", "create:aws_dynamodb_table", Table(name), FaultPoint.BeforeApply);
        await UntilLeaseLapsedAsync(crashed.Id);
        var (store, _, recovery) = Restart(freshPool: true);
        var report = await recovery.ReconcileAsync();

        var settled = Assert.Single(report.Settled);
        Assert.Equal(OperationStatus.Failed, settled.Status);
        Assert.Contains("nothing was created", settled.Error, StringComparison.Ordinal);
        Assert.Contains("not found", settled.Recovery, StringComparison.Ordinal);
        var stored = (await store.Operations.GetAsync(crashed.Id))!;
        Assert.Equal((OperationStatus.Failed, settled.Error, settled.Recovery), (stored.Status, stored.Error, stored.Recovery));
        Assert.Null(await store.Resources.GetAsync(_project.Id, "t"));
        Assert.Null(await dynamo.DescribeTableAsync(name));
        Assert.Empty((await store.Resources.HistoryAsync(_project.Id, "t", new PageRequest())).Items);
    }

    /// <summary>Runs the fault host until it kills itself; returns the operation it left behind.</summary>
    /// <param name="kind"><c>create:&lt;resource type&gt;</c> or <c>update</c>.</param>
    /// <param name="document">The config of a create, the merge patch of an update.</param>
    private async Task<OperationRecord> CrashInHostAsync(string resourceId, string kind, JsonObject document, FaultPoint point)
    {
        var location = AwsProviderLocator.Default!;
        var hostDirectory = AppContext.BaseDirectory.Replace("Mandate.Core.Tests", "Mandate.Core.FaultHost", StringComparison.Ordinal);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     Path.Combine(hostDirectory, "Mandate.Core.FaultHost.dll"), Dialect, _database, location.BinaryPath, location.Version,
                     aws.Settings, _project.Id, resourceId, kind, document.ToJsonString(), point.ToString(),
                     HostLeaseMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                 })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment[SecretKeySource.KeyVariable] = _secretKey;

        using var host = Process.Start(info)!;
        var stdout = host.StandardOutput.ReadToEndAsync();
        var stderr = host.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(HostPatience))
        {
            try
            {
                await host.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                host.Kill(entireProcessTree: true);
                throw new TimeoutException($"the fault host did not finish within {HostPatience}: {await stdout} {await stderr}");
            }
        }

        var output = await stdout;
        Assert.True(output.Contains($"reached {point}", StringComparison.Ordinal), $"the host exited {host.ExitCode} without reaching {point}: {output} {await stderr}" +
            $" (ssm emulator running: {aws.Ssm.IsRunning}; its last lines: {aws.Ssm.RecentOutput})");
        Assert.NotEqual(0, host.ExitCode);
        var operations = await _store.Operations.ListAsync(new OperationQuery(ProjectId: _project.Id, ResourceId: resourceId, Statuses: [OperationStatus.Applying]),
            new PageRequest());
        return Assert.Single(operations.Items);
    }

    // The dead host's last heartbeat keeps its lease alive a little longer; recovery must wait it out.
    private async Task UntilLeaseLapsedAsync(string operationId)
    {
        var lease = await _store.Operations.GetLeaseAsync(operationId);
        Assert.NotNull(lease);
        var wait = lease.Until - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(50);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }
}
