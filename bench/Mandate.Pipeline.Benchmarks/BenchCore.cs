namespace Mandate.Pipeline.Benchmarks;

using Mandate.Core.Access;
using Mandate.Core.Application;
using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Mandate.Core.Stores;
using Mandate.Core.Tests.Pipeline.InProcess;
using Mandate.Providers.Cty;
using Mandate.Providers.Messages;
using Mandate.Providers.Pool;
using Mandate.TestFixtures.Aws;

/// <summary>
/// The real <see cref="MandateCore"/> (authorization, locking, planning, policies, operation record, apply, state,
/// history, audit) over a store, with the provider answered in process under the real hashicorp/aws schema, so
/// what is measured is the product's code path minus provider time.
/// </summary>
internal static class BenchCore
{
    private static GetProviderSchemaResponse? _schema;

    public static readonly CallContext Admin = new(Principal.User("usr_bench", "Bench"), "bench-session");

    public static async Task<(MandateCore Core, InProcessProvider Provider)> CreateAsync(IMandateStore store)
    {
        var location = AwsProviderLocator.Default
            ?? throw new InvalidOperationException("the pipeline benchmarks read the hashicorp/aws schema from its binary: " + AwsProviderLocator.AbsenceReason);
        _schema ??= await InProcessProviderHost.LoadSchemaAsync(location.BinaryPath);
        var provider = new InProcessProvider(_schema, new Dictionary<string, string> { ["aws_dynamodb_table"] = BenchData.TableState("{name}").ToJsonString() });
        var spec = new ProviderSpec(BenchData.Provider, location.Version, location.BinaryPath, CtyValue.EmptyObject);
        var core = await MandateCore.CreateAsync(store, new MandateCoreOptions
        {
            ProviderHost = new InProcessProviderHost(provider),
            ProviderResolver = new FixedResolver(spec),
            OwnsStore = false,
        });
        var now = DateTimeOffset.UtcNow;
        if (await store.Principals.GetAsync(Admin.Principal.Id) is null)
        {
            await store.Principals.CreateAsync(new PrincipalRecord(Admin.Principal.Id, PrincipalKind.User, "Bench", now, null));
            await store.Principals.GrantAsync(new RoleGrant(new RoleBinding(Admin.Principal.Id, SpaceId.Root, Role.Admin), "bench", now));
        }

        return (core, provider);
    }

    /// <summary>A project with the seed policies of <paramref name="seedIndexes"/> attached (all of them keep samples).</summary>
    public static async Task<ProjectRecord> ProjectAsync(IMandateStore store, string name, params int[] seedIndexes)
    {
        var project = BenchData.Project(name);
        await store.Projects.CreateAsync(project);
        var policies = BenchData.SeedPolicies();
        foreach (var index in seedIndexes)
        {
            var policy = new PolicyRecord(Ids.New("pol"), "root", $"{name}-seed-{index}", "", [], 1, Admin.Principal.Id, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
            await store.Policies.CreateAsync(policy, new PolicyVersionRecord(policy.Id, 1, policies[index], Admin.Principal.Id, DateTimeOffset.UtcNow));
            await store.Policies.AttachAsync(new PolicyAttachmentRecord(policy.Id, project.Id, Admin.Principal.Id, DateTimeOffset.UtcNow));
        }

        return project;
    }

    private sealed class FixedResolver(ProviderSpec spec) : IProviderResolver
    {
        public Task<ProviderSpec> ResolveAsync(ProjectRecord project, string resourceType, CancellationToken cancellationToken) => Task.FromResult(spec);
    }
}
