namespace Mandate.Core.Tests.Pipeline.InProcess;

using System.Text.Json.Nodes;
using Mandate.Core.Access;
using Mandate.Core.Application;
using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Mandate.Core.Stores;
using Mandate.Providers.Cty;
using Mandate.Providers.Pool;
using Mandate.Storage;
using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Xunit;

/// <summary>
/// A create whose apply fails after the provider made the object (the in-process provider returns the new state
/// with an error, as the AWS provider does when tagging fails after CreateTable): the real pipeline keeps that
/// state, marks the resource tainted, and the next update replaces it.
/// </summary>
public sealed class TaintedResourceTests : IAsyncLifetime
{
    private static readonly CallContext Admin = new(Principal.User("usr_admin", "Admin"), "session-admin");
    private readonly string _directory = Directory.CreateTempSubdirectory("mandate-taint-").FullName;
    private IMandateStore _store = null!;
    private MandateCore _core = null!;
    private InProcessProvider _provider = null!;
    private ProjectRecord _project = null!;

    public async Task InitializeAsync()
    {
        if (AwsProviderLocator.Default is not { } location)
        {
            return;
        }

        _store = MandateStores.OpenSqlite(Path.Combine(_directory, "m.db"));
        _provider = new InProcessProvider(await InProcessProviderHost.LoadSchemaAsync(location.BinaryPath), new Dictionary<string, string>
        {
            ["aws_dynamodb_table"] = """{"arn": "arn:aws:dynamodb:us-east-1:000000000000:table/{name}", "id": "{name}", "stream_arn": "", "stream_label": "", "tags_all": {}}""",
        });
        _core = await MandateCore.CreateAsync(_store, new MandateCoreOptions
        {
            ProviderHost = new InProcessProviderHost(_provider),
            ProviderResolver = new FixedResolver(new ProviderSpec("registry.terraform.io/hashicorp/aws", location.Version, location.BinaryPath, CtyValue.EmptyObject)),
        });
        var now = DateTimeOffset.UtcNow;
        await _store.Principals.CreateAsync(new PrincipalRecord(Admin.Principal.Id, PrincipalKind.User, "Admin", now, null));
        await _store.Principals.GrantAsync(new RoleGrant(new RoleBinding(Admin.Principal.Id, SpaceId.Root, Role.Admin), "test", now));
        _project = new ProjectRecord(Ids.New("prj"), SpaceId.Root.Value, "taint", "", [], [], Admin.Principal.Id, now, now);
        await _store.Projects.CreateAsync(_project);
    }

    public async Task DisposeAsync()
    {
        if (AwsProviderLocator.Default is not null)
        {
            await _core.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [RequiresAwsProviderFact]
    public async Task A_create_that_fails_after_creating_keeps_the_state_tainted_and_the_next_update_replaces_it()
    {
        _provider.FailNextApplyAfterCreating("error tagging DynamoDB Table (orders): ValidationException");

        var failed = await _core.Resources.CreateAsync(Admin, _project.Id, "orders", "aws_dynamodb_table", TableConfig("orders"));
        var stored = (await _store.Resources.GetAsync(_project.Id, "orders"))!;
        var listed = (await _core.Resources.ListAsync(Admin, _project.Id, null, new PageRequest())).Items.Single();
        var trail = await _store.Audit.SearchAsync(new AuditQuery(ResourceId: "orders"), new PageRequest());

        Assert.Equal(OperationStatus.Failed, failed.Operation.Status);
        Assert.Contains("error tagging DynamoDB Table", failed.Operation.Error, StringComparison.Ordinal);
        Assert.Contains("marked tainted", failed.Operation.Error, StringComparison.Ordinal);
        Assert.True(stored.Tainted);
        Assert.Contains("arn:aws:dynamodb:us-east-1:000000000000:table/orders", stored.StateJson, StringComparison.Ordinal);
        Assert.Equal(1, stored.StateVersion);
        Assert.True(listed.Tainted);
        // Written once, in the transaction that kept the state, not again by the facade.
        Assert.Single(trail.Items, e => e.Action == "resource.create");

        var preview = await _core.Resources.PlanAsync(Admin, _project.Id, "orders", PlanIntent.Update(new JsonObject()));
        Assert.Equal("deletethencreate", preview.Action);
        Assert.Equal(true, preview.Plan["tainted"]?.GetValue<bool>());

        var applies = _provider.Applies;
        var replaced = await _core.Resources.UpdateAsync(Admin, _project.Id, "orders", new JsonObject { ["tags"] = new JsonObject { ["team"] = "core" } }, replaceConfig: false);
        var after = (await _store.Resources.GetAsync(_project.Id, "orders"))!;

        Assert.Equal(OperationStatus.Succeeded, replaced.Operation.Status);
        Assert.Equal("deletethencreate", replaced.Plan!["action"]!.GetValue<string>());
        Assert.Equal(applies + 2, _provider.Applies); // the destroy of the tainted object, then the create
        Assert.False(after.Tainted);
        Assert.Equal(2, after.StateVersion);
    }

    [RequiresAwsProviderFact]
    public async Task A_successful_create_is_not_tainted_and_updates_in_place()
    {
        var created = await _core.Resources.CreateAsync(Admin, _project.Id, "ok", "aws_dynamodb_table", TableConfig("ok"));
        var preview = await _core.Resources.PlanAsync(Admin, _project.Id, "ok", PlanIntent.Update(new JsonObject()));

        Assert.Equal(OperationStatus.Succeeded, created.Operation.Status);
        Assert.False((await _store.Resources.GetAsync(_project.Id, "ok"))!.Tainted);
        Assert.Equal("noop", preview.Action);
        Assert.Null(preview.Plan["tainted"]);
    }

    private static JsonObject TableConfig(string name) => new()
    {
        ["name"] = name, ["hash_key"] = "id", ["billing_mode"] = "PAY_PER_REQUEST",
        ["attribute"] = new JsonArray(new JsonObject { ["name"] = "id", ["type"] = "S" }),
    };

    private sealed class FixedResolver(ProviderSpec spec) : IProviderResolver
    {
        public Task<ProviderSpec> ResolveAsync(ProjectRecord project, string resourceType, CancellationToken cancellationToken) => Task.FromResult(spec);
    }
}
