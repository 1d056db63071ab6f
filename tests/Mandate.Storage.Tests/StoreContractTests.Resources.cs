namespace Mandate.Storage.Tests;

using Mandate.Core;
using Mandate.Core.Model;
using Mandate.Core.Stores;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Resources_keep_config_state_private_bytes_and_dependencies()
    {
        var project = await CreateProjectAsync();
        var resource = Resource(project, "app", dependsOn: ["vpc", "subnet"]) with
        {
            StateJson = """{"id":"t-1"}""",
            PrivateData = [0x00, 0xff, 0x10],
            SchemaVersion = 3,
        };

        await Store.Resources.CreateAsync(resource);
        var stored = await Store.Resources.GetAsync(project, "app");

        Assert.NotNull(stored);
        Assert.Equal(resource.ConfigJson, stored.ConfigJson);
        Assert.Equal(resource.StateJson, stored.StateJson);
        Assert.Equal(resource.PrivateData, stored.PrivateData);
        Assert.Equal(3, stored.SchemaVersion);
        Assert.Equal(["subnet", "vpc"], stored.Dependencies);
        Assert.Equal(["app"], await Store.Resources.DependentsAsync(project, "vpc"));
        var duplicate = await Assert.ThrowsAsync<MandateException>(() => Store.Resources.CreateAsync(resource));
        Assert.Equal(MandateErrorCodes.AlreadyExists, duplicate.Code);
    }

    [Fact]
    public async Task An_update_against_a_stale_state_version_is_a_conflict_and_changes_nothing()
    {
        var project = await CreateProjectAsync();
        await Store.Resources.CreateAsync(Resource(project, "db", dependsOn: ["vpc"]));
        var current = (await Store.Resources.GetAsync(project, "db"))!;

        await Store.Resources.UpdateAsync(current with { StateJson = "{\"v\":1}", StateVersion = 1, Dependencies = ["subnet"] }, expectedStateVersion: 0);
        var stale = await Assert.ThrowsAsync<MandateException>(() =>
            Store.Resources.UpdateAsync(current with { StateJson = "{\"v\":\"lost\"}", StateVersion = 1 }, expectedStateVersion: 0));
        var stored = (await Store.Resources.GetAsync(project, "db"))!;

        Assert.Equal(MandateErrorCodes.Conflict, stale.Code);
        Assert.Equal("{\"v\":1}", stored.StateJson);
        Assert.Equal(1, stored.StateVersion);
        Assert.Equal(["subnet"], stored.Dependencies);
        Assert.Empty(await Store.Resources.DependentsAsync(project, "vpc"));
    }

    [Fact]
    public async Task Resource_lists_filter_by_type_and_page_with_their_dependencies()
    {
        var project = await CreateProjectAsync();
        await Store.Resources.CreateAsync(Resource(project, "t1"));
        await Store.Resources.CreateAsync(Resource(project, "b1", type: "aws_s3_bucket", dependsOn: ["t1"]));
        await Store.Resources.CreateAsync(Resource(project, "t2"));
        await Store.Resources.CreateAsync(Resource(project, "t3"));

        var tables = await Store.Resources.ListAsync(project, "aws_dynamodb_table", new PageRequest(null, 2));
        var rest = await Store.Resources.ListAsync(project, "aws_dynamodb_table", new PageRequest(tables.NextCursor, 2));
        var all = await Store.Resources.ListAsync(project, null, new PageRequest());
        var firstTwo = await Store.Resources.ListAsync(project, null, new PageRequest(null, 2));
        var nextTwo = await Store.Resources.ListAsync(project, null, new PageRequest(firstTwo.NextCursor, 2));

        Assert.Equal(["t1", "t2"], tables.Items.Select(r => r.ResourceId));
        Assert.Equal(["t3"], rest.Items.Select(r => r.ResourceId));
        Assert.Null(rest.NextCursor);
        Assert.Equal(["t1"], all.Items.Single(r => r.ResourceId == "b1").Dependencies);
        Assert.Equal(["b1", "t1"], firstTwo.Items.Select(r => r.ResourceId));
        Assert.Equal(["t2", "t3"], nextTwo.Items.Select(r => r.ResourceId));
        Assert.Null(nextTwo.NextCursor);
    }

    [Fact]
    public async Task Taint_is_stored_updated_and_listed()
    {
        var project = await CreateProjectAsync();
        await Store.Resources.CreateAsync(Resource(project, "half") with { StateJson = "{\"id\":\"half\"}", StateVersion = 1, Tainted = true });
        await Store.Resources.CreateAsync(Resource(project, "whole"));

        var created = (await Store.Resources.GetAsync(project, "half"))!;
        var listed = await Store.Resources.ListAsync(project, null, new PageRequest());
        await Store.Resources.UpdateAsync(created with { StateVersion = 2, Tainted = false }, expectedStateVersion: 1);

        Assert.True(created.Tainted);
        Assert.Equal([true, false], listed.Items.Select(r => r.Tainted));
        Assert.False((await Store.Resources.GetAsync(project, "half"))!.Tainted);
    }

    [Fact]
    public async Task State_history_is_append_only_newest_first_and_survives_deletion()
    {
        var project = await CreateProjectAsync();
        await Store.Resources.CreateAsync(Resource(project, "q"));
        for (var version = 1; version <= 5; version++)
        {
            await Store.Resources.AppendStateVersionAsync(new StateVersionRecord(project, "q", version, $"{{\"v\":{version}}}", $"op_{version}",
                version == 1 ? OperationKind.Create : OperationKind.Update, "usr_alice", T0.AddMinutes(version)));
        }

        await Store.Resources.AppendStateVersionAsync(new StateVersionRecord(project, "q", 6, null, "op_6", OperationKind.Delete, "usr_bob", T0.AddMinutes(6)));
        await Store.Resources.DeleteAsync(project, "q");
        var rewrite = await Assert.ThrowsAsync<MandateException>(() =>
            Store.Resources.AppendStateVersionAsync(new StateVersionRecord(project, "q", 3, "{}", "op_x", OperationKind.Update, "usr_mallory", T0)));

        var first = await Store.Resources.HistoryAsync(project, "q", new PageRequest(null, 4));
        var second = await Store.Resources.HistoryAsync(project, "q", new PageRequest(first.NextCursor, 4));

        Assert.Equal(MandateErrorCodes.AlreadyExists, rewrite.Code);
        Assert.Equal([6L, 5, 4, 3], first.Items.Select(v => v.Version));
        Assert.Equal([2L, 1], second.Items.Select(v => v.Version));
        Assert.Null(first.Items[0].StateJson);
        Assert.Equal(OperationKind.Delete, first.Items[0].Kind);
        Assert.Equal("usr_bob", first.Items[0].Actor);
        Assert.Equal(OperationKind.Create, second.Items[^1].Kind);
    }

    private async Task<string> CreateProjectAsync()
    {
        var project = Project($"p-{Guid.NewGuid():N}");
        await Store.Projects.CreateAsync(project);
        return project.Id;
    }
}
