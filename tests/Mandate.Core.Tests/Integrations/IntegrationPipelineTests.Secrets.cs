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
using Mandate.TestFixtures.Files;
using Mandate.TestFixtures.Servers;
using Mandate.TestFixtures.Xunit;

public sealed partial class IntegrationPipelineTests
{
    /// <remarks>
    /// The sensitive attribute: no resource dynalite or s3rver can fully serve has one (checked against the real
    /// 5.100.0 schema: aws_dynamodb_* and aws_s3_bucket* have none reachable). aws_s3_object_copy.customer_key is
    /// marked sensitive by the provider and is planned by it for real; s3rver then fails the CopyObject (it does
    /// not decode the provider's escaped copy source), so the value goes through request, config validation,
    /// plan, policy input, operation record and an apply error, but not into a stored state. Sealing of stored
    /// state is covered with the same schema in <c>Sealed_state_is_opened_for_the_provider</c>.
    /// </remarks>
    [RequiresAwsProviderFact]
    public async Task A_secret_and_a_sensitive_attribute_are_absent_from_the_database_files_logs_audit_export_and_results()
    {
        var integrationSecret = $"IntegSecret-{Guid.NewGuid():N}";
        var customerKey = Convert.ToBase64String(Encoding.ASCII.GetBytes(Guid.NewGuid().ToString("N")));
        var shown = new StringBuilder();

        // An integration secret that really configures the provider: a table is created and deleted with it.
        var tables = await ProjectAsync("grep-tables");
        var tableIntegration = await DynamoIntegrationAsync("grep-dynalite", integrationSecret);
        shown.Append(JsonSerializer.Serialize(tableIntegration)).Append(JsonSerializer.Serialize(await _integrations.GetAsync(tableIntegration.Id)));
        await AttachAsync(tables, tableIntegration);
        var name = $"grep-{Guid.NewGuid():N}"[..24];
        var created = await _service.CreateAsync(Alice, "s1", tables.Id, "t", "aws_dynamodb_table", Table(name));
        Assert.Equal(OperationStatus.Succeeded, created.Operation.Status);
        shown.Append(Describe(created));
        foreach (var deleted in await _service.DeleteAsync(Alice, "s1", tables.Id, "t", cascade: false))
        {
            shown.Append(Describe(deleted));
        }

        // A provider-marked sensitive attribute through the whole pipeline against s3rver.
        var copies = await ProjectAsync("grep-copies");
        await AttachAsync(copies, await S3IntegrationAsync("grep-s3"));
        var bucket = $"grep-{Guid.NewGuid():N}"[..20];
        using (var s3 = new S3HttpClient(aws.S3rver.Endpoint, S3rverServer.AccessKey, S3rverServer.SecretKey))
        {
            await s3.CreateBucketAsync(bucket);
            await s3.PutObjectAsync(bucket, "src.txt", "hello");
        }

        var copy = await _service.CreateAsync(Alice, "s2", copies.Id, "copy", "aws_s3_object_copy", new JsonObject
        {
            ["bucket"] = bucket, ["key"] = "dst.txt", ["source"] = $"{bucket}/src.txt",
            ["customer_algorithm"] = "AES256", ["customer_key"] = customerKey,
        });
        shown.Append(Describe(copy));
        Assert.Equal(Redaction.Marker, copy.Plan!["proposed_state"]!["customer_key"]!.GetValue<string>());
        var storedOperation = (await _store.Operations.GetAsync(copy.Operation.Id))!;
        Assert.True(SealedJson.IsSealed(JsonNode.Parse(storedOperation.RequestJson)!["config"]!["customer_key"]));

        var audit = await AuditExportAsync();
        var files = DatabaseFiles();
        Assert.Contains(files, f => f.EndsWith("-wal", StringComparison.Ordinal));
        foreach (var secret in new[] { integrationSecret, customerKey })
        {
            foreach (var file in files)
            {
                Assert.False(FileContains(file, secret), $"{Path.GetFileName(file)} holds a secret");
            }

            Assert.DoesNotContain(secret, aws.Log.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, audit, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, shown.ToString(), StringComparison.Ordinal);
        }
    }

    private Task<IntegrationView> S3IntegrationAsync(string name) =>
        _integrations.CreateAsync(Alice, new IntegrationCreate("root", name, "aws",
            new JsonObject { ["region"] = "us-east-1", ["endpoints"] = new JsonObject { ["s3"] = aws.S3rver.Endpoint.ToString() } },
            new Dictionary<string, string?> { ["access_key"] = S3rverServer.AccessKey, ["secret_key"] = S3rverServer.SecretKey }));

    private static string Describe(OperationResult result) =>
        JsonSerializer.Serialize(result.Operation) + result.Plan?.ToJsonString() + result.State?.ToJsonString() + JsonSerializer.Serialize(result.Decision);

    private async Task<string> AuditExportAsync()
    {
        var lines = new StringBuilder();
        string? cursor = null;
        do
        {
            var page = await _store.Audit.SearchAsync(new AuditQuery(), new PageRequest(cursor, PageRequest.MaxLimit));
            foreach (var entry in page.Items)
            {
                lines.AppendLine(JsonSerializer.Serialize(entry));
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return lines.ToString();
    }

    private IReadOnlyList<string> DatabaseFiles() => FileBytes.SqliteFiles(DatabasePath);

    private static bool FileContains(string path, string text) => FileBytes.Contains(path, text);
}
