namespace Mandate.Storage.Tests;

using Mandate.Core;
using Mandate.Core.Model;
using Mandate.Core.Stores;

public abstract partial class StoreContractTests
{
    private const string Aws = "registry.terraform.io/hashicorp/aws";

    [Fact]
    public async Task Integrations_round_trip_with_settings_secrets_and_the_read_only_flag()
    {
        var integration = Integration("prod-aws") with
        {
            SettingsJson = """{"region":"eu-west-1"}""",
            Secrets = new Dictionary<string, string> { ["secret_key"] = "mk1:0011223344556677:AAAA" },
            ReadOnly = true,
        };
        await Store.Integrations.CreateAsync(integration);

        var stored = await Store.Integrations.GetAsync(integration.Id);
        var byName = await Store.Integrations.FindByNameAsync("root", "prod-aws");

        Assert.NotNull(stored);
        Assert.Equal(IntegrationKind.Aws, stored.Kind);
        Assert.Equal(integration.SettingsJson, stored.SettingsJson);
        Assert.Equal("mk1:0011223344556677:AAAA", stored.Secrets["secret_key"]);
        Assert.True(stored.ReadOnly);
        Assert.Equal(T0, stored.CreatedAt);
        Assert.Equal(integration.Id, byName!.Id);
        Assert.Null(await Store.Integrations.GetAsync("int_missing"));
    }

    [Fact]
    public async Task Integration_names_are_unique_per_space_and_updates_replace_settings_secrets_and_flag()
    {
        var integration = Integration("shared");
        await Store.Integrations.CreateAsync(integration);
        var duplicate = await Assert.ThrowsAsync<MandateException>(() => Store.Integrations.CreateAsync(Integration("shared")));
        await Store.Integrations.CreateAsync(Integration("shared", space: "team-a"));

        await Store.Integrations.UpdateAsync(integration with
        {
            SettingsJson = """{"region":"us-west-2"}""", Secrets = new Dictionary<string, string>(), ReadOnly = true, UpdatedAt = T0.AddHours(2),
        });
        var updated = await Store.Integrations.GetAsync(integration.Id);
        var missing = await Assert.ThrowsAsync<MandateException>(() => Store.Integrations.UpdateAsync(Integration("ghost")));

        Assert.Equal(MandateErrorCodes.AlreadyExists, duplicate.Code);
        Assert.Contains("'shared'", duplicate.Message, StringComparison.Ordinal);
        Assert.Equal("""{"region":"us-west-2"}""", updated!.SettingsJson);
        Assert.Empty(updated.Secrets);
        Assert.True(updated.ReadOnly);
        Assert.Equal(T0.AddHours(2), updated.UpdatedAt);
        Assert.Equal(MandateErrorCodes.NotFound, missing.Code);
    }

    [Fact]
    public async Task Integration_lists_page_by_name_within_the_given_spaces()
    {
        foreach (var name in new[] { "c", "a", "b" })
        {
            await Store.Integrations.CreateAsync(Integration(name));
        }

        await Store.Integrations.CreateAsync(Integration("aa", space: "elsewhere"));

        var first = await Store.Integrations.ListAsync(["root"], new PageRequest(null, 2));
        var second = await Store.Integrations.ListAsync(["root"], new PageRequest(first.NextCursor, 2));

        Assert.Equal(["a", "b"], first.Items.Select(i => i.Name));
        Assert.Equal(["c"], second.Items.Select(i => i.Name));
        Assert.Null(second.NextCursor);
        Assert.Equal(4, (await Store.Integrations.ListAsync(["root", "elsewhere"], new PageRequest(null, 10))).Items.Count);
    }

    [Fact]
    public async Task A_project_attaches_one_integration_per_provider_and_can_re_point_or_detach_it()
    {
        var project = Project("attached");
        await Store.Projects.CreateAsync(project);
        var first = Integration("first");
        var second = Integration("second");
        await Store.Integrations.CreateAsync(first);
        await Store.Integrations.CreateAsync(second);

        await Store.Integrations.AttachAsync(new IntegrationAttachment(project.Id, Aws, first.Id, "usr_alice", T0));
        await Store.Integrations.AttachAsync(new IntegrationAttachment(project.Id, "registry.terraform.io/hashicorp/random", first.Id, "usr_alice", T0));
        await Store.Integrations.AttachAsync(new IntegrationAttachment(project.Id, Aws, second.Id, "usr_bob", T0.AddMinutes(1)));

        var aws = await Store.Integrations.GetAttachmentAsync(project.Id, Aws);
        var all = await Store.Integrations.AttachmentsOfProjectAsync(project.Id);
        var ofFirst = await Store.Integrations.AttachmentsOfIntegrationAsync(first.Id);
        var detached = await Store.Integrations.DetachAsync(project.Id, Aws);

        Assert.Equal(second.Id, aws!.IntegrationId);
        Assert.Equal("usr_bob", aws.AttachedBy);
        Assert.Equal(T0.AddMinutes(1), aws.AttachedAt);
        Assert.Equal([Aws, "registry.terraform.io/hashicorp/random"], all.Select(a => a.ProviderSource));
        Assert.Equal(["registry.terraform.io/hashicorp/random"], ofFirst.Select(a => a.ProviderSource));
        Assert.True(detached);
        Assert.False(await Store.Integrations.DetachAsync(project.Id, Aws));
        Assert.Null(await Store.Integrations.GetAttachmentAsync(project.Id, Aws));
    }

    [Fact]
    public async Task Attaching_names_the_missing_project_or_integration()
    {
        var project = Project("lonely");
        await Store.Projects.CreateAsync(project);
        var integration = Integration("real");
        await Store.Integrations.CreateAsync(integration);

        var noProject = await Assert.ThrowsAsync<MandateException>(() =>
            Store.Integrations.AttachAsync(new IntegrationAttachment("prj_missing", Aws, integration.Id, "usr_alice", T0)));
        var noIntegration = await Assert.ThrowsAsync<MandateException>(() =>
            Store.Integrations.AttachAsync(new IntegrationAttachment(project.Id, Aws, "int_missing", "usr_alice", T0)));

        Assert.Equal(MandateErrorCodes.NotFound, noProject.Code);
        Assert.Contains("prj_missing", noProject.Message, StringComparison.Ordinal);
        Assert.Equal(MandateErrorCodes.NotFound, noIntegration.Code);
        Assert.Contains("int_missing", noIntegration.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_attached_integration_cannot_be_deleted_and_a_deleted_project_releases_it()
    {
        var project = Project("user");
        await Store.Projects.CreateAsync(project);
        var integration = Integration("in-use");
        await Store.Integrations.CreateAsync(integration);
        await Store.Integrations.AttachAsync(new IntegrationAttachment(project.Id, Aws, integration.Id, "usr_alice", T0));

        var refused = await Assert.ThrowsAsync<MandateException>(() => Store.Integrations.DeleteAsync(integration.Id));
        await Store.Projects.DeleteAsync(project.Id);
        var deleted = await Store.Integrations.DeleteAsync(integration.Id);

        Assert.Equal(MandateErrorCodes.Conflict, refused.Code);
        Assert.Contains(project.Id, refused.Message, StringComparison.Ordinal);
        Assert.True(deleted);
        Assert.Null(await Store.Integrations.GetAsync(integration.Id));
        Assert.False(await Store.Integrations.DeleteAsync(integration.Id));
    }

    [Fact]
    public async Task Integration_writes_join_a_unit_of_work()
    {
        var dropped = Integration("dropped");
        await using (var transaction = await Store.BeginAsync())
        {
            await transaction.Integrations.CreateAsync(dropped);
        }

        Assert.Null(await Store.Integrations.GetAsync(dropped.Id));
    }

    private static IntegrationRecord Integration(string name, string space = "root") =>
        new(Ids.New("int"), space, name, IntegrationKind.Aws, "{}", new Dictionary<string, string>(), false, "usr_alice", T0, T0);
}
