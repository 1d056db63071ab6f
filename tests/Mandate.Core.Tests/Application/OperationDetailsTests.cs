namespace Mandate.Core.Tests.Application;

using System.Text.Json;
using System.Text.Json.Nodes;
using Mandate.Core.Access;
using Mandate.Core.Application;
using Mandate.Core.Integrations;
using Mandate.Core.Model;
using Mandate.Core.Pipeline.Resolution;
using Mandate.Core.Secrets;
using Mandate.Storage;
using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Xunit;

/// <summary>
/// What Core hands out about an operation: the request with every sensitive value as the marker (sealed at rest or
/// not), never a plain value or a ciphertext, and no values at all when the schema cannot say which are sensitive.
/// </summary>
public sealed class OperationDetailsTests : IAsyncDisposable
{
    private const string Plain = "PlainSensitiveValue-3f9a";
    private readonly string _directory = Directory.CreateTempSubdirectory("mandate-opdetails-").FullName;
    private readonly SecretProtector _protector = new(SecretKey.Generate());

    [Fact]
    public void Sealed_and_schema_sensitive_values_become_the_marker_and_the_rest_is_shown_as_asked()
    {
        var operation = Operation("prj_1", """{"resource_type":"aws_s3_object_copy","config":{}}""") with
        {
            RequestJson = new JsonObject
            {
                ["resource_type"] = "aws_s3_object_copy",
                ["config"] = new JsonObject
                {
                    ["bucket"] = "b", ["customer_key"] = Sealed("prj_1"), ["kms_key_id"] = Plain,
                    ["tags"] = new JsonObject { ["note"] = _protector.Protect("\"x\"", "elsewhere") }, // a stray ciphertext
                },
            }.ToJsonString(),
            PlanJson = """{"action":"create"}""",
            DecisionJson = """{"outcome":"pending_review"}""",
        };

        var details = OperationDetails.Of(operation, ["customer_key", "kms_key_id"]);

        var config = details.Request["config"]!;
        Assert.Equal("b", config["bucket"]!.GetValue<string>());
        Assert.Equal(Redaction.Marker, config["customer_key"]!.GetValue<string>());
        Assert.Equal(Redaction.Marker, config["kms_key_id"]!.GetValue<string>());
        Assert.Equal(Redaction.Marker, config["tags"]!["note"]!.GetValue<string>());
        Assert.Equal("aws_s3_object_copy", details.Request["resource_type"]!.GetValue<string>());
        Assert.Equal("create", details.Plan!["action"]!.GetValue<string>());
        Assert.Equal("pending_review", details.Decision!["outcome"]!.GetValue<string>());
        AssertNothingSecret(details);
    }

    [Fact]
    public void Without_the_schema_a_requests_values_are_withheld_and_its_own_fields_kept()
    {
        var update = Operation("prj_1", new JsonObject { ["patch"] = new JsonObject { ["kms_key_id"] = Plain, ["customer_key"] = Sealed("prj_1") } }
            .ToJsonString()) with { Kind = OperationKind.Update };
        var delete = Operation("prj_1", """{"cascade":true}""") with { Kind = OperationKind.Delete };

        var withheld = OperationDetails.Of(update, sensitivePaths: null);

        Assert.True(withheld.Request.ContainsKey("patch"));
        Assert.Null(withheld.Request["patch"]);
        Assert.True(OperationDetails.Of(delete, sensitivePaths: null).Request["cascade"]!.GetValue<bool>());
        AssertNothingSecret(withheld);
    }

    /// <summary>Through the facade, with the real provider schema saying which attributes are sensitive.</summary>
    [RequiresAwsProviderFact]
    public async Task Get_and_list_show_a_sensitive_attribute_as_the_marker_whether_it_was_stored_sealed_or_plain()
    {
        var location = AwsProviderLocator.Default!;
        await using var core = await MandateCore.CreateAsync(MandateStores.OpenSqlite(Path.Combine(_directory, "m.db")), new MandateCoreOptions
        {
            Secrets = _protector,
            Resolution = new ProviderResolverOptions
            {
                MirrorDirectories = [location.MirrorRoot], UseStandardMirrors = false, InstallCacheDirectory = Path.Combine(_directory, "cache"),
            },
        });
        var admin = new CallContext(Principal.User("admin", "admin"), "s");
        var now = DateTimeOffset.UtcNow;
        await core.Store.Principals.CreateAsync(new PrincipalRecord("admin", PrincipalKind.User, "admin", now, null));
        await core.Store.Principals.GrantAsync(new RoleGrant(new RoleBinding("admin", SpaceId.Root, Role.Admin), "test", now));
        var project = new ProjectRecord(Ids.New("prj"), "root", "copies", "", [], [new ProviderRequirement("hashicorp/aws", "~> 5.0", null)], "admin", now, now);
        await core.Store.Projects.CreateAsync(project);
        // The schema comes from a configured provider; nothing is planned or applied, so the endpoint is never called.
        var integration = await core.Integrations.CreateAsync(admin, new IntegrationCreate("root", "offline", "aws",
            new JsonObject { ["region"] = "us-east-1", ["endpoints"] = new JsonObject { ["s3"] = "http://127.0.0.1:9" } },
            new Dictionary<string, string?> { ["access_key"] = "AKIDOFFLINE", ["secret_key"] = "offline-secret" }));
        await core.Integrations.AttachAsync(admin, project.Id, "hashicorp/aws", integration.Id);
        // customer_key as the pipeline stores it (sealed); kms_key_id in plain text, as a store written before sealing holds it.
        var stored = Operation(project.Id, new JsonObject
        {
            ["resource_type"] = "aws_s3_object_copy",
            ["config"] = new JsonObject { ["bucket"] = "b", ["key"] = "k", ["source"] = "b/s", ["customer_key"] = Sealed(project.Id), ["kms_key_id"] = Plain },
        }.ToJsonString());
        await core.Store.Operations.CreateAsync(stored);

        var details = await core.Operations.GetAsync(admin, stored.Id);
        var listed = Assert.Single((await core.Operations.ListAsync(admin, new OperationFilter(project.Id), new Core.Stores.PageRequest(null, 10))).Items);

        foreach (var shown in new[] { details, listed })
        {
            var config = shown.Request["config"]!;
            Assert.Equal("b/s", config["source"]!.GetValue<string>());
            Assert.Equal(Redaction.Marker, config["customer_key"]!.GetValue<string>());
            Assert.Equal(Redaction.Marker, config["kms_key_id"]!.GetValue<string>());
            AssertNothingSecret(shown);
        }
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    private JsonObject Sealed(string projectId) => new() { [SealedJson.Key] = _protector.Protect($"\"{Plain}-sealed\"", SealedJson.Location(projectId)) };

    private static OperationRecord Operation(string projectId, string requestJson)
    {
        var now = DateTimeOffset.UtcNow;
        return new OperationRecord(Ids.New("op"), projectId, "copy", OperationKind.Create, OperationStatus.PendingReview, "someone", "s", requestJson,
            null, "hash", null, null, null, null, now, now, null, now.AddDays(1));
    }

    private static void AssertNothingSecret(OperationDetails details)
    {
        var text = JsonSerializer.Serialize(details);
        Assert.DoesNotContain(Plain, text, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretProtector.FormatPrefix, text, StringComparison.Ordinal);
        Assert.DoesNotContain(SealedJson.Key, text, StringComparison.Ordinal);
    }
}
