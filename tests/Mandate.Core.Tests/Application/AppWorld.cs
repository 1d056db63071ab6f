namespace Mandate.Core.Tests.Application;

using Mandate.Core.Access;
using Mandate.Core.Application;
using Mandate.Core.Keys;
using Mandate.Core.Model;
using Mandate.Core.Stores;

/// <summary>
/// A store with a small space tree and a composed <see cref="MandateCore"/>, plus helpers that put fresh
/// targets (projects, policies, resources, pending operations, locks, keys) straight into the store, so
/// each call under test gets its own and no call's effect can change another's answer.
/// </summary>
/// <remarks>
/// Spaces: <c>root</c> → <c>team</c> → <c>team-child</c>, and <c>root</c> → <c>sibling</c>.
/// </remarks>
internal sealed class AppWorld : IAsyncDisposable
{
    public static readonly SpaceId Team = new("team");
    public static readonly SpaceId TeamChild = new("team-child");
    public static readonly SpaceId Sibling = new("sibling");

    public const string PolicyRego = """
        package mandate.matrix

        deny contains "never" if {
            input.operation == "never-happens"
        }
        """;

    private readonly List<string> _named = [];
    private int _counter;

    private AppWorld(IMandateStore store, MandateCore core, CountingResolver resolver, TimeProvider clock)
    {
        Store = store;
        Core = core;
        Resolver = resolver;
        Clock = clock;
    }

    public IMandateStore Store { get; }

    public MandateCore Core { get; }

    public CountingResolver Resolver { get; }

    public TimeProvider Clock { get; }

    /// <summary>An admin on the root space, for setting things up through the facade.</summary>
    public CallContext Admin { get; private set; } = null!;

    public static async Task<AppWorld> CreateAsync(IMandateStore store, TimeProvider? clock = null, AuthFailureLimits? limits = null)
    {
        var resolver = new CountingResolver();
        var time = clock ?? TimeProvider.System;
        var core = await MandateCore.CreateAsync(store, new MandateCoreOptions { ProviderResolver = resolver, Clock = time, AuthFailureLimits = limits });
        var world = new AppWorld(store, core, resolver, time);
        var now = time.GetUtcNow();
        await store.Spaces.CreateAsync(new SpaceRecord(Team, SpaceId.Root, "team", now));
        await store.Spaces.CreateAsync(new SpaceRecord(TeamChild, Team, "team child", now));
        await store.Spaces.CreateAsync(new SpaceRecord(Sibling, SpaceId.Root, "sibling", now));
        world.Admin = await world.UserAsync("admin", SpaceId.Root, Role.Admin);
        return world;
    }

    /// <summary>
    /// While true, the target helpers below make records (fresh ids and names) without storing them, so an entry point
    /// called with them meets ids that do not exist: the answer an unreadable target must be indistinguishable from.
    /// </summary>
    public bool Phantom { get; set; }

    /// <summary>Every id and name the helpers made since <see cref="ForgetNamed"/>, in order, to line up two runs' errors.</summary>
    public IReadOnlyList<string> Named => _named;

    public void ForgetNamed() => _named.Clear();

    public string Unique(string prefix) => Name($"{prefix}-{Interlocked.Increment(ref _counter)}");

    private string Name(string value)
    {
        _named.Add(value);
        return value;
    }

    /// <summary>A console user holding <paramref name="role"/> on <paramref name="space"/>, in a session of its own.</summary>
    public async Task<CallContext> UserAsync(string id, SpaceId space, Role role)
    {
        var now = Clock.GetUtcNow();
        if (Phantom)
        {
            return new CallContext(Principal.User(id, id), "session-" + id);
        }

        await Store.Principals.CreateAsync(new PrincipalRecord(id, PrincipalKind.User, id, now, null));
        await Store.Principals.GrantAsync(new RoleGrant(new RoleBinding(id, space, role), "test", now));
        return new CallContext(Principal.User(id, id), "session-" + id);
    }

    /// <summary>An API key principal holding <paramref name="role"/> on <paramref name="space"/>; returns the context and the plain key.</summary>
    public async Task<(CallContext Context, string PlainKey)> KeyAsync(SpaceId space, Role role, KeyScope scope, DateTimeOffset? expiresAt = null)
    {
        var issued = new ApiKeyFactory(Clock).Create(scope, expiresAt);
        var keyId = Name(issued.Stored.KeyId);
        var now = Clock.GetUtcNow();
        if (Phantom)
        {
            return (new CallContext(Principal.ApiKey(keyId, "key " + keyId, scope), "session-" + keyId), issued.PlainText);
        }

        await Store.Principals.CreateAsync(new PrincipalRecord(keyId, PrincipalKind.ApiKey, "key " + keyId, now, null));
        await Store.Principals.GrantAsync(new RoleGrant(new RoleBinding(keyId, space, role), "test", now));
        await Store.Principals.CreateKeyAsync(keyId, issued.Stored);
        return (new CallContext(Principal.ApiKey(keyId, "key " + keyId, scope), "session-" + keyId), issued.PlainText);
    }

    public async Task<ProjectRecord> ProjectAsync(SpaceId space)
    {
        var now = Clock.GetUtcNow();
        var project = new ProjectRecord(Name(Ids.New("prj")), space.Value, Unique("project"), "", [], [], "admin", now, now);
        if (!Phantom)
        {
            await Store.Projects.CreateAsync(project);
        }

        return project;
    }

    public async Task<PolicyRecord> PolicyAsync(SpaceId space)
    {
        var now = Clock.GetUtcNow();
        var policy = new PolicyRecord(Name(Ids.New("pol")), space.Value, Unique("policy"), "", [], 1, "admin", now, now);
        if (!Phantom)
        {
            await Store.Policies.CreateAsync(policy, new PolicyVersionRecord(policy.Id, 1, PolicyRego, "admin", now));
        }

        return policy;
    }

    public async Task<ResourceRecord> ResourceAsync(ProjectRecord project)
    {
        var now = Clock.GetUtcNow();
        var resource = new ResourceRecord(project.Id, Unique("bucket"), "aws_s3_bucket", "registry.terraform.io/hashicorp/aws", "5.100.0",
            """{"bucket":"b"}""", """{"bucket":"b","id":"b"}""", null, 0, [], 1, now, now);
        if (Phantom)
        {
            return resource;
        }

        await Store.Resources.CreateAsync(resource);
        await Store.Resources.AppendStateVersionAsync(new StateVersionRecord(project.Id, resource.ResourceId, 1, resource.StateJson, "op_seed",
            OperationKind.Create, "admin", now));
        return resource;
    }

    /// <summary>A create waiting for review, requested by someone other than any caller in the tests.</summary>
    public async Task<OperationRecord> PendingOperationAsync(ProjectRecord project)
    {
        var now = Clock.GetUtcNow();
        var operation = new OperationRecord(Name(Ids.New("op")), project.Id, Unique("pending"), OperationKind.Create, OperationStatus.PendingReview,
            "someone-else", "session-someone", """{"resource_type":"aws_s3_bucket","config":{"bucket":"p"}}""", "{}", "plan-hash", "{}", null, null, null,
            now, now, null, now.AddDays(1));
        if (!Phantom)
        {
            await Store.Operations.CreateAsync(operation);
        }

        return operation;
    }

    public async Task<IntegrationRecord> IntegrationAsync(SpaceId space)
    {
        var now = Clock.GetUtcNow();
        var integration = new IntegrationRecord(Name(Ids.New("int")), space.Value, Unique("integration"), IntegrationKind.Aws,
            """{"region":"eu-west-1"}""", new Dictionary<string, string>(), false, "usr_setup", now, now);
        if (!Phantom)
        {
            await Store.Integrations.CreateAsync(integration);
        }

        return integration;
    }

    public async Task AttachAsync(PolicyRecord policy, ProjectRecord project)
    {
        if (!Phantom)
        {
            await Store.Policies.AttachAsync(new PolicyAttachmentRecord(policy.Id, project.Id, "admin", Clock.GetUtcNow()));
        }
    }

    public async Task LockAsync(ProjectRecord project)
    {
        if (!Phantom)
        {
            await Store.Locks.TryAcquireAsync(project.Id, "session-someone", "someone-else", Clock.GetUtcNow(), Clock.GetUtcNow().AddMinutes(5));
        }
    }

    public async ValueTask DisposeAsync() => await Core.DisposeAsync();
}
