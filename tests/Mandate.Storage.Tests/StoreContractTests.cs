namespace Mandate.Storage.Tests;

using Mandate.Core;
using Mandate.Core.Model;
using Mandate.Core.Stores;

/// <summary>
/// What every store must do, written once and run against SQLite and PostgreSQL (derived classes),
/// so the two implementations cannot drift apart.
/// </summary>
public abstract partial class StoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    protected IMandateStore Store { get; private set; } = null!;

    protected abstract Task<IMandateStore> CreateStoreAsync();

    public async Task InitializeAsync()
    {
        Store = await CreateStoreAsync();
        await Store.MigrateAsync();
    }

    public async Task DisposeAsync() => await Store.DisposeAsync();

    [Fact]
    public async Task Migrating_again_is_a_no_op()
    {
        await Store.MigrateAsync();
        await Store.Projects.CreateAsync(Project("after-remigrate"));

        Assert.NotNull(await Store.Projects.FindByNameAsync("root", "after-remigrate"));
    }

    [Fact]
    public async Task A_duplicate_project_name_in_a_space_is_refused_but_allowed_in_another_space()
    {
        await Store.Projects.CreateAsync(Project("web"));

        var failure = await Assert.ThrowsAsync<MandateException>(() => Store.Projects.CreateAsync(Project("web")));
        await Store.Projects.CreateAsync(Project("web", space: "team-a"));

        Assert.Equal(MandateErrorCodes.AlreadyExists, failure.Code);
        Assert.Contains("'web'", failure.Message, StringComparison.Ordinal);
        Assert.NotNull(await Store.Projects.FindByNameAsync("team-a", "web"));
    }

    [Fact]
    public async Task Projects_round_trip_with_labels_and_providers_and_update()
    {
        var project = Project("data") with
        {
            Labels = ["env:dev", "autoattach-target"],
            Providers = [new ProviderRequirement("hashicorp/aws", "~> 5.100", "int_1")],
        };
        await Store.Projects.CreateAsync(project);

        var stored = await Store.Projects.GetAsync(project.Id);
        await Store.Projects.UpdateAsync(project with { Description = "changed", Labels = ["env:prod"], UpdatedAt = T0.AddHours(1) });
        var updated = await Store.Projects.GetAsync(project.Id);

        Assert.Equal(project.Labels, stored!.Labels);
        Assert.Equal(project.Providers, stored.Providers);
        Assert.Equal(T0, stored.CreatedAt);
        Assert.Equal("changed", updated!.Description);
        Assert.Equal(["env:prod"], updated.Labels);
        Assert.Equal(T0.AddHours(1), updated.UpdatedAt);
        var missing = await Assert.ThrowsAsync<MandateException>(() => Store.Projects.UpdateAsync(Project("ghost")));
        Assert.Equal(MandateErrorCodes.NotFound, missing.Code);
    }

    [Fact]
    public async Task Project_lists_page_by_name_within_the_given_spaces()
    {
        foreach (var name in new[] { "e", "a", "d", "c", "b" })
        {
            await Store.Projects.CreateAsync(Project(name));
        }

        await Store.Projects.CreateAsync(Project("aa", space: "elsewhere"));

        var first = await Store.Projects.ListAsync(["root"], new PageRequest(null, 2));
        var second = await Store.Projects.ListAsync(["root"], new PageRequest(first.NextCursor, 2));
        var third = await Store.Projects.ListAsync(["root"], new PageRequest(second.NextCursor, 2));

        Assert.Equal(["a", "b"], first.Items.Select(p => p.Name));
        Assert.Equal(["c", "d"], second.Items.Select(p => p.Name));
        Assert.Equal(["e"], third.Items.Select(p => p.Name));
        Assert.Null(third.NextCursor);
        var both = await Store.Projects.ListAsync(["root", "elsewhere"], new PageRequest(null, 10));
        Assert.Equal(6, both.Items.Count);
    }

    [Fact]
    public async Task A_tampered_cursor_is_refused_with_what_to_do()
    {
        var failure = await Assert.ThrowsAsync<MandateException>(() => Store.Projects.ListAsync(["root"], new PageRequest("not-a-cursor", 2)));

        Assert.Equal(MandateErrorCodes.InvalidArgument, failure.Code);
        Assert.Contains("next_cursor", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_project_removes_its_resources()
    {
        var project = Project("doomed");
        await Store.Projects.CreateAsync(project);
        await Store.Resources.CreateAsync(Resource(project.Id, "table"));

        Assert.True(await Store.Projects.DeleteAsync(project.Id));

        Assert.Null(await Store.Resources.GetAsync(project.Id, "table"));
        Assert.False(await Store.Projects.DeleteAsync(project.Id));
    }

    [Fact]
    public async Task Units_of_work_commit_together_or_not_at_all()
    {
        var kept = Project("kept");
        var dropped = Project("dropped");

        await using (var transaction = await Store.BeginAsync())
        {
            await transaction.Projects.CreateAsync(dropped);
            await transaction.Resources.CreateAsync(Resource(dropped.Id, "r"));
        }

        await using (var transaction = await Store.BeginAsync())
        {
            await transaction.Projects.CreateAsync(kept);
            await transaction.Resources.CreateAsync(Resource(kept.Id, "r"));
            await transaction.CommitAsync();
        }

        Assert.Null(await Store.Projects.GetAsync(dropped.Id));
        Assert.NotNull(await Store.Resources.GetAsync(kept.Id, "r"));
    }

    private static ProjectRecord Project(string name, string space = "root") =>
        new(Ids.New("prj"), space, name, $"project {name}", [], [], "usr_alice", T0, T0);

    private static ResourceRecord Resource(string projectId, string resourceId, string type = "aws_dynamodb_table", IReadOnlyList<string>? dependsOn = null) =>
        new(projectId, resourceId, type, "registry.terraform.io/hashicorp/aws", "5.100.0", """{"name":"t"}""", null, null, 1, dependsOn ?? [], 0, T0, T0);
}
