namespace Mandate.Storage.Tests;

using Mandate.Core.Model;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Policy_candidates_of_a_project_come_in_one_query_with_their_current_bodies()
    {
        var project = Project("candidates");
        await Store.Projects.CreateAsync(project);
        var attached = Policy("b-attached");
        var auto = Policy("a-auto") with { Labels = ["autoattach:prod"] };
        var plain = Policy("c-plain");
        var elsewhere = Policy("d-elsewhere") with { SpaceId = "other", Labels = ["autoattach:*"] };
        foreach (var policy in new[] { attached, auto, plain, elsewhere })
        {
            await Store.Policies.CreateAsync(policy, new PolicyVersionRecord(policy.Id, 1, $"package {policy.Name.Replace('-', '_')}_v1", "usr_author", T0));
        }

        await Store.Policies.AddVersionAsync(attached, new PolicyVersionRecord(attached.Id, 2, "package attached_v2", "usr_author", T0.AddHours(1)));
        await Store.Policies.AttachAsync(new PolicyAttachmentRecord(attached.Id, project.Id, "usr_author", T0));

        var candidates = await Store.Policies.CandidatesForProjectAsync(project.Id, ["root"]);

        Assert.Equal(["a-auto", "b-attached"], candidates.Select(c => c.Policy.Name));
        Assert.Equal((false, "package a_auto_v1"), (candidates[0].Attached, candidates[0].Body));
        Assert.Equal((true, "package attached_v2", 2), (candidates[1].Attached, candidates[1].Body, candidates[1].Policy.CurrentVersion));
    }
}
