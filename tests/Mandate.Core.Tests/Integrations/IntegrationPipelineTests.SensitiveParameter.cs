namespace Mandate.Core.Tests.Integrations;

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mandate.Core.Integrations;
using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Mandate.Core.Secrets;
using Mandate.Core.Stores;
using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Xunit;

public sealed partial class IntegrationPipelineTests
{
    /// <summary>
    /// A real resource with a provider-sensitive attribute, through every step of its life against the SSM emulator:
    /// aws_ssm_parameter.value is planned, created, updated to a new secret, drifts, is refreshed, read back and
    /// deleted. The emulator holds the real values and a no-op plan proves the sealed state opens to them for the
    /// provider; no secret appears in the database files, the provider log at debug level, the audit export or any result.
    /// </summary>
    [RequiresAwsProviderFact]
    public async Task A_sensitive_parameter_value_works_through_its_whole_life_and_never_appears_in_plain_text()
    {
        var first = $"FirstSecret-{Guid.NewGuid():N}";
        var second = $"SecondSecret-{Guid.NewGuid():N}";
        var drifted = $"DriftedSecret-{Guid.NewGuid():N}";
        var name = $"/mandate/grep/{Guid.NewGuid():N}";
        var shown = new StringBuilder();
        var project = await ProjectAsync("grep-parameters");
        await AttachAsync(project, await SsmIntegrationAsync("grep-ssm"));
        using var ssm = new SsmHttpClient(aws.Ssm.Endpoint);
        var config = new JsonObject { ["name"] = name, ["type"] = "SecureString", ["value"] = first, ["tags"] = new JsonObject { ["team"] = "core" } };

        var dryRun = await _service.PlanAsync(Alice, project.Id, "secret", PlanIntent.Create("aws_ssm_parameter", config));
        var created = await _service.CreateAsync(Alice, "s1", project.Id, "secret", "aws_ssm_parameter", config);
        Assert.Equal(OperationStatus.Succeeded, created.Operation.Status);
        Assert.Equal(first, (await ssm.GetParameterAsync(name))!["Value"]!.GetValue<string>());
        var stored = (await _store.Resources.GetAsync(project.Id, "secret"))!;
        Assert.True(SealedJson.IsSealed(JsonNode.Parse(stored.StateJson!)!["value"]), "the stored state keeps the value sealed");
        Assert.Equal(first, SealedJson.Open(JsonNode.Parse(stored.StateJson!), _protector, SealedJson.Location(project.Id))!["value"]!.GetValue<string>());
        var unchanged = await _service.PlanAsync(Alice, project.Id, "secret", PlanIntent.Update([]));
        Assert.Equal("noop", unchanged.Action); // the provider compared the opened state with the opened config

        var updatePlan = await _service.PlanAsync(Alice, project.Id, "secret", PlanIntent.Update(new JsonObject { ["value"] = second }));
        var updated = await _service.UpdateAsync(Alice, "s1", project.Id, "secret", new JsonObject { ["value"] = second });
        Assert.Equal(OperationStatus.Succeeded, updated.Operation.Status);
        Assert.Equal(Redaction.Marker, updated.State!["value"]!.GetValue<string>());
        var real = (await ssm.GetParameterAsync(name))!;
        Assert.Equal((second, 2L), (real["Value"]!.GetValue<string>(), real["Version"]!.GetValue<long>()));
        Assert.Contains(updatePlan.Changes, c => c.Path == "value" && c.Sensitive);

        // Drift made outside Mandate, then a refresh that records it: the drifted value is sealed as well.
        await ssm.CallAsync("PutParameter", new { Name = name, Value = drifted, Overwrite = true });
        var refreshed = await _service.RefreshAsync(Alice, "s1", project.Id, "secret");
        Assert.Contains(refreshed.Drift, d => d.Path == "value" && d.Sensitive);
        var history = (await _store.Resources.HistoryAsync(project.Id, "secret", new PageRequest())).Items;
        Assert.Equal(3, history.Count);
        Assert.All(history, v => Assert.True(SealedJson.IsSealed(JsonNode.Parse(v.StateJson!)!["value"])));
        var operations = (await _store.Operations.ListAsync(new OperationQuery(project.Id), new PageRequest())).Items;

        var deleted = Assert.Single(await _service.DeleteAsync(Alice, "s1", project.Id, "secret", cascade: false));
        Assert.Equal(OperationStatus.Succeeded, deleted.Operation.Status);
        Assert.Null(await ssm.GetParameterAsync(name));
        var (calls, unknown) = await aws.Ssm.CallsAsync();
        Assert.Empty(unknown);
        // What hashicorp/aws 5.100.0 calls for the resource's life (the emulator also serves the batch and history reads).
        Assert.Equal(["DeleteParameter", "DescribeParameters", "GetParameter", "ListTagsForResource", "PutParameter"], calls.Keys.Order(StringComparer.Ordinal));

        foreach (var result in new[] { created, updated, deleted })
        {
            shown.Append(Describe(result));
        }

        shown.Append(JsonSerializer.Serialize(dryRun)).Append(JsonSerializer.Serialize(unchanged)).Append(JsonSerializer.Serialize(updatePlan))
            .Append(JsonSerializer.Serialize(refreshed)).Append(JsonSerializer.Serialize(operations));
        var audit = await AuditExportAsync();
        foreach (var secret in new[] { first, second, drifted })
        {
            foreach (var file in DatabaseFiles())
            {
                Assert.False(FileContains(file, secret), $"{Path.GetFileName(file)} holds a secret");
            }

            Assert.DoesNotContain(secret, aws.Log.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, audit, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, shown.ToString(), StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// An import that waits for review, with the config given by the caller (a secret in it) and with the config derived from
    /// what the provider read (the same secret): the pending operation's request and plan hold no plain secret, the approval
    /// by another principal opens the sealed request for the provider, and the adopted state and config are stored sealed.
    /// </summary>
    [RequiresAwsProviderFact]
    public async Task An_import_waiting_for_review_keeps_the_secret_it_was_given_and_the_one_it_read_sealed_until_approved()
    {
        var secret = $"ImportedSecret-{Guid.NewGuid():N}";
        var (given, derived) = ($"/mandate/import/{Guid.NewGuid():N}", $"/mandate/import/{Guid.NewGuid():N}");
        var project = await ProjectAsync("import-review");
        await AttachAsync(project, await SsmIntegrationAsync("import-ssm"));
        var now = DateTimeOffset.UtcNow;
        var policy = new PolicyRecord(Ids.New("pol"), "root", "review-imports", "", [], 1, Alice.Id, now, now);
        await _store.Policies.CreateAsync(policy, new PolicyVersionRecord(policy.Id, 1, "package spacelift\n\nimport rego.v1\n\nallow contains \"deletes\" if input.resource.operation == \"delete\"\n", Alice.Id, now));
        await _store.Policies.AttachAsync(new PolicyAttachmentRecord(policy.Id, project.Id, Alice.Id, now));
        using var ssm = new SsmHttpClient(aws.Ssm.Endpoint);
        foreach (var name in new[] { given, derived })
        {
            await ssm.CallAsync("PutParameter", new { Name = name, Value = secret, Type = "SecureString" });
        }

        var withConfig = await _service.ImportAsync(Alice, "s1", project.Id, "given", "aws_ssm_parameter", given,
            new JsonObject { ["name"] = given, ["type"] = "SecureString", ["value"] = secret });
        var readConfig = await _service.ImportAsync(Alice, "s1", project.Id, "derived", "aws_ssm_parameter", derived);
        Assert.All([withConfig, readConfig], r => Assert.Equal(OperationStatus.PendingReview, r.Operation.Status));
        var pendingRows = (await _store.Operations.ListAsync(new OperationQuery(project.Id), new PageRequest())).Items;
        Assert.All(pendingRows, o => Assert.DoesNotContain(secret, o.RequestJson + o.PlanJson, StringComparison.Ordinal));
        Assert.True(SealedJson.IsSealed(JsonNode.Parse(pendingRows.Single(o => o.ResourceId == "given").RequestJson)!["config"]!["value"]));
        Assert.Equal(Redaction.Marker, readConfig.Plan!["config"]!["value"]!.GetValue<string>());

        var bob = new Actor("usr_bob", "Bob");
        var approved = new[]
        {
            await _service.ApproveAsync(bob, withConfig.Operation.Id, withConfig.Operation.PlanHash!),
            await _service.ApproveAsync(bob, readConfig.Operation.Id, readConfig.Operation.PlanHash!),
        };

        Assert.All(approved, r => Assert.Equal(OperationStatus.Succeeded, r.Operation.Status));
        foreach (var id in new[] { "given", "derived" })
        {
            var adopted = (await _store.Resources.GetAsync(project.Id, id))!;
            Assert.True(SealedJson.IsSealed(JsonNode.Parse(adopted.ConfigJson)!["value"]), $"{id}: the adopted config keeps the value sealed");
            Assert.True(SealedJson.IsSealed(JsonNode.Parse(adopted.StateJson!)!["value"]), $"{id}: the adopted state keeps the value sealed");
            Assert.Equal("noop", (await _service.PlanAsync(Alice, project.Id, id, PlanIntent.Update([]))).Action);
        }

        var shown = JsonSerializer.Serialize(new[] { withConfig, readConfig }.Concat(approved).Select(Describe).ToList());
        Assert.DoesNotContain(secret, shown, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await AuditExportAsync(), StringComparison.Ordinal);
        foreach (var file in DatabaseFiles())
        {
            Assert.False(FileContains(file, secret), $"{Path.GetFileName(file)} holds the imported secret");
        }
    }

    private Task<IntegrationView> SsmIntegrationAsync(string name) =>
        _integrations.CreateAsync(Alice, new IntegrationCreate("root", name, "aws",
            new JsonObject { ["region"] = "us-east-1", ["endpoints"] = new JsonObject { ["ssm"] = aws.Ssm.Endpoint.ToString() } },
            new Dictionary<string, string?> { ["access_key"] = "AKIDSSM", ["secret_key"] = "ssm-emulator-secret" }));
}
