namespace Mandate.Core.Tests.Integrations;

using System.Text.Json.Nodes;
using Mandate.Core.Integrations;
using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Mandate.Core.Pipeline.Resolution;
using Mandate.Core.Policies;
using Mandate.Core.Secrets;
using Mandate.Core.Stores;
using Mandate.Storage;
using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Servers;
using Mandate.TestFixtures.Xunit;

/// <summary>
/// The pipeline with the production resolver: the provider binary from the mirrors, its configuration from the
/// project's aws integration (dynalite/s3rver endpoints and credentials), checked in dynalite itself.
/// </summary>
public sealed partial class IntegrationPipelineTests(IntegrationPipelineFixture aws) : IClassFixture<IntegrationPipelineFixture>, IAsyncLifetime
{
    private static readonly Actor Alice = new("usr_alice", "Alice");
    private readonly string _directory = Directory.CreateTempSubdirectory("mandate-integ-pipeline-").FullName;
    private readonly SecretProtector _protector = new(SecretKey.Generate());
    private IMandateStore _store = null!;
    private IntegrationService _integrations = null!;
    private OperationService _service = null!;

    private string DatabasePath => Path.Combine(_directory, "mandate.db");

    public async Task InitializeAsync()
    {
        _store = MandateStores.OpenSqlite(DatabasePath);
        await _store.MigrateAsync();
        var clock = TimeProvider.System;
        _integrations = new IntegrationService(_store, _protector, clock);
        var resolver = new IntegrationProviderResolver(_store, _protector, new ProviderResolverOptions { MirrorDirectories = [aws.MirrorRoot] });
        _service = new OperationService(_store, new OperationPlanner(aws.Pool, resolver, _protector), new OperationApplier(_store, aws.Pool, clock, _protector),
            // A first apply starts and configures a provider (seconds of CPU): on a loaded machine it may outlast the default
            // inline wait, and these tests read the finished result.
            new PolicyGate(_store, new IntentPolicyEvaluator(), clock), clock, new OperationOptions { InlineWait = TimeSpan.FromMinutes(2) });
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [RequiresAwsProviderFact]
    public async Task A_project_with_an_aws_integration_creates_a_table_in_dynalite_through_the_production_resolver()
    {
        var project = await ProjectAsync("tables");
        await AttachAsync(project, await DynamoIntegrationAsync("dynalite", "dynalite-secret-key"));
        var name = $"integ-{Guid.NewGuid():N}"[..24];
        using var dynamo = new DynamoDbHttpClient(aws.Dynalite.Endpoint);

        var created = await _service.CreateAsync(Alice, "s1", project.Id, "sessions", "aws_dynamodb_table", Table(name));

        Assert.Equal(OperationStatus.Succeeded, created.Operation.Status);
        Assert.Equal("registry.terraform.io/hashicorp/aws", created.Plan!["provider"]!.GetValue<string>());
        Assert.Equal("ACTIVE", (await dynamo.DescribeTableAsync(name))!["TableStatus"]!.GetValue<string>());
        var resource = (await _store.Resources.GetAsync(project.Id, "sessions"))!;
        Assert.Equal(name, JsonNode.Parse(resource.StateJson!)!["name"]!.GetValue<string>());
        var deleted = Assert.Single(await _service.DeleteAsync(Alice, "s1", project.Id, "sessions", cascade: false));
        Assert.Equal(OperationStatus.Succeeded, deleted.Operation.Status);
        Assert.Null(await dynamo.DescribeTableAsync(name));
    }

    [RequiresAwsProviderFact]
    public async Task A_read_only_integration_refuses_a_create_before_the_provider_is_called_and_nothing_appears_in_dynalite()
    {
        var project = await ProjectAsync("watch-only");
        var integration = await DynamoIntegrationAsync("auditor", "read-only-secret", readOnly: true);
        await AttachAsync(project, integration);
        var name = $"ro-{Guid.NewGuid():N}"[..24];
        using var dynamo = new DynamoDbHttpClient(aws.Dynalite.Endpoint);
        var launches = aws.Pool.Launches;

        var refused = await Assert.ThrowsAsync<MandateException>(() =>
            _service.CreateAsync(Alice, "s1", project.Id, "t", "aws_dynamodb_table", Table(name)));

        Assert.Equal(MandateErrorCodes.IntegrationReadOnly, refused.Code);
        Assert.Contains("'auditor'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("read-only", refused.Message, StringComparison.Ordinal);
        Assert.Equal(launches, aws.Pool.Launches);
        Assert.Null(await dynamo.DescribeTableAsync(name));
        Assert.Null(await _store.Resources.GetAsync(project.Id, "t"));
        Assert.Empty((await _store.Operations.ListAsync(new OperationQuery(project.Id), new PageRequest())).Items);
    }

    [RequiresAwsProviderFact]
    public async Task Without_an_integration_the_error_names_the_provider_and_how_to_attach_one()
    {
        var project = await ProjectAsync("bare");

        var failure = await Assert.ThrowsAsync<MandateException>(() =>
            _service.CreateAsync(Alice, "s1", project.Id, "t", "aws_dynamodb_table", Table("never-created")));

        Assert.Equal(MandateErrorCodes.IntegrationRequired, failure.Code);
        Assert.Contains("hashicorp/aws", failure.Message, StringComparison.Ordinal);
        Assert.Contains("kind aws", failure.Message, StringComparison.Ordinal);
        Assert.Contains("attach it to the project", failure.Message, StringComparison.Ordinal);
    }

    [RequiresAwsProviderFact]
    public async Task A_misspelt_endpoint_service_is_reported_with_the_providers_closest_name()
    {
        var project = await ProjectAsync("typo");
        var integration = await _integrations.CreateAsync(Alice, new IntegrationCreate("root", "typo", "aws",
            new JsonObject { ["region"] = "us-east-1", ["endpoints"] = new JsonObject { ["dynamodbb"] = aws.Dynalite.Endpoint.ToString() } },
            new Dictionary<string, string?> { ["access_key"] = "AKIDTYPO", ["secret_key"] = "typo-secret-value" }));
        await AttachAsync(project, integration);

        var failure = await Assert.ThrowsAsync<MandateException>(() =>
            _service.CreateAsync(Alice, "s1", project.Id, "t", "aws_dynamodb_table", Table("never-created")));

        Assert.Equal(MandateErrorCodes.InvalidArgument, failure.Code);
        Assert.Contains("integration 'typo'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("\"dynamodb\"", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("typo-secret-value", failure.Message, StringComparison.Ordinal);
    }

    private async Task<ProjectRecord> ProjectAsync(string name)
    {
        var project = new ProjectRecord(Ids.New("prj"), "root", name, "", [], [new ProviderRequirement("hashicorp/aws", "~> 5.100", null)], Alice.Id,
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        await _store.Projects.CreateAsync(project);
        return project;
    }

    private Task AttachAsync(ProjectRecord project, IntegrationView integration) =>
        _integrations.AttachAsync(Alice, project.Id, "hashicorp/aws", integration.Id);

    // dynalite accepts any credentials, so a distinctive secret can be followed through everything Mandate writes.
    private Task<IntegrationView> DynamoIntegrationAsync(string name, string secretKey, bool readOnly = false) =>
        _integrations.CreateAsync(Alice, new IntegrationCreate("root", name, "aws",
            new JsonObject { ["region"] = "us-east-1", ["endpoints"] = new JsonObject { ["dynamodb"] = aws.Dynalite.Endpoint.ToString() } },
            new Dictionary<string, string?> { ["access_key"] = "AKIDDYNALITE", ["secret_key"] = secretKey }, readOnly));

    private static JsonObject Table(string name) => new()
    {
        ["name"] = name,
        ["billing_mode"] = "PAY_PER_REQUEST",
        ["hash_key"] = "id",
        ["attribute"] = new JsonArray(new JsonObject { ["name"] = "id", ["type"] = "S" }),
    };
}
