namespace Mandate.Storage.Tests;

using Mandate.Core;
using Mandate.Core.Model;
using Mandate.Core.Stores;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Policies_keep_every_version_and_point_at_the_current_one()
    {
        var policy = Policy("tags");
        await Store.Policies.CreateAsync(policy, new PolicyVersionRecord(policy.Id, 1, "package v1", "usr_author", T0));

        await Store.Policies.AddVersionAsync(policy with { Description = "v2", Labels = ["autoattach:prod"] },
            new PolicyVersionRecord(policy.Id, 2, "package v2", "usr_author", T0.AddHours(1)));
        var stored = (await Store.Policies.GetAsync(policy.Id))!;

        Assert.Equal(2, stored.CurrentVersion);
        Assert.Equal(["autoattach:prod"], stored.Labels);
        Assert.Equal("package v1", (await Store.Policies.GetVersionAsync(policy.Id, 1))!.Body);
        Assert.Equal("package v2", (await Store.Policies.GetVersionAsync(policy.Id, 2))!.Body);
        Assert.Null(await Store.Policies.GetVersionAsync(policy.Id, 3));
        var duplicate = await Assert.ThrowsAsync<MandateException>(() =>
            Store.Policies.CreateAsync(Policy("tags"), new PolicyVersionRecord("x", 1, "", "usr_author", T0)));
        Assert.Equal(MandateErrorCodes.AlreadyExists, duplicate.Code);
    }

    [Fact]
    public async Task Attachments_are_idempotent_and_detachable()
    {
        var project = Project("attach-target");
        await Store.Projects.CreateAsync(project);
        var policy = Policy("deny-deletes");
        await Store.Policies.CreateAsync(policy, new PolicyVersionRecord(policy.Id, 1, "package x", "usr_author", T0));

        await Store.Policies.AttachAsync(new PolicyAttachmentRecord(policy.Id, project.Id, "usr_author", T0));
        await Store.Policies.AttachAsync(new PolicyAttachmentRecord(policy.Id, project.Id, "usr_author", T0.AddMinutes(1)));
        var attached = await Store.Policies.AttachmentsOfProjectAsync(project.Id);
        var detached = await Store.Policies.DetachAsync(policy.Id, project.Id);

        Assert.Equal(policy.Id, Assert.Single(attached).PolicyId);
        Assert.True(detached);
        Assert.Empty(await Store.Policies.AttachmentsOfProjectAsync(project.Id));
        Assert.False(await Store.Policies.DetachAsync(policy.Id, project.Id));
    }

    [Fact]
    public async Task Auto_attaching_policies_are_found_by_label_in_the_given_spaces()
    {
        var everywhere = Policy("all") with { Labels = ["autoattach:*"] };
        var labelled = Policy("prod-only") with { Labels = ["team:x", "autoattach:prod"] };
        var plain = Policy("plain") with { Labels = ["autoattached-not"] };
        var elsewhere = Policy("other-space") with { SpaceId = "other", Labels = ["autoattach:*"] };
        foreach (var policy in new[] { everywhere, labelled, plain, elsewhere })
        {
            await Store.Policies.CreateAsync(policy, new PolicyVersionRecord(policy.Id, 1, "package p", "usr_author", T0));
        }

        var found = await Store.Policies.AutoAttachingAsync(["root"]);

        Assert.Equal(["all", "prod-only"], found.Select(p => p.Name));
    }

    [Fact]
    public async Task Samples_are_bounded_to_the_newest()
    {
        var policy = Policy("sampled");
        await Store.Policies.CreateAsync(policy, new PolicyVersionRecord(policy.Id, 1, "package s", "usr_author", T0));
        for (var i = 0; i < 7; i++)
        {
            await Store.Policies.AddSampleAsync(new PolicySampleRecord(0, policy.Id, 1, $"{{\"i\":{i}}}", "{}", T0.AddSeconds(i)), keep: 3);
        }

        var samples = await Store.Policies.SamplesAsync(policy.Id, 10);

        Assert.Equal(["{\"i\":6}", "{\"i\":5}", "{\"i\":4}"], samples.Select(s => s.InputJson));
    }

    [Fact]
    public async Task A_batch_of_samples_of_two_policies_keeps_each_policys_newest()
    {
        var first = Policy("batch-a");
        var second = Policy("batch-b");
        await Store.Policies.CreateAsync(first, new PolicyVersionRecord(first.Id, 1, "package a", "usr_author", T0));
        await Store.Policies.CreateAsync(second, new PolicyVersionRecord(second.Id, 1, "package b", "usr_author", T0));
        for (var i = 0; i < 4; i++)
        {
            // One decision's samples: both policies in one call, as the pipeline writes them.
            await Store.Policies.AddSamplesAsync(
                [new PolicySampleRecord(0, first.Id, 1, $"{{\"a\":{i}}}", "{}", T0.AddSeconds(i)),
                 new PolicySampleRecord(0, second.Id, 1, $"{{\"b\":{i}}}", "{\"allow\":true}", T0.AddSeconds(i))], keep: 2);
        }

        var firstSamples = await Store.Policies.SamplesAsync(first.Id, 10);
        var secondSamples = await Store.Policies.SamplesAsync(second.Id, 10);

        Assert.Equal(["{\"a\":3}", "{\"a\":2}"], firstSamples.Select(s => s.InputJson));
        Assert.Equal(["{\"b\":3}", "{\"b\":2}"], secondSamples.Select(s => s.InputJson));
        Assert.All(secondSamples, s => Assert.Equal("{\"allow\":true}", s.ResultJson));
    }

    private static PolicyRecord Policy(string name) => new(Ids.New("pol"), "root", name, "", [], 1, "usr_author", T0, T0);
}
