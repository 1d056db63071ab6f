using Mandate.Core.Access;

namespace Mandate.Core.Tests.Access;

/// <summary>
/// Every action × every role × where the role is bound relative to the target. The expected grants are
/// written out here by hand (not read from <see cref="RolePermissions"/>) so a change to the table
/// shows up as a failing row that someone has to agree to.
/// </summary>
public sealed class RoleActionMatrixTests
{
    // A = admin, P = policy-author, O = operator, V = approver, R = reader.
    private static readonly Dictionary<string, string> Expected = new()
    {
        ["space.read"] = "APOVR",
        ["space.manage"] = "A",
        ["project.read"] = "APOVR",
        ["project.create"] = "AO",
        ["project.update"] = "AO",
        ["project.label"] = "AP",
        ["project.delete"] = "AO",
        ["resource.read"] = "APOVR",
        ["resource.plan"] = "AO",
        ["resource.create"] = "AO",
        ["resource.update"] = "AO",
        ["resource.delete"] = "AO",
        ["resource.import"] = "AO",
        ["resource.refresh"] = "AO",
        ["resource.eject"] = "AO",
        ["operation.read"] = "APOVR",
        ["operation.resume"] = "AO",
        ["operation.cancel"] = "AO",
        ["approval.decide"] = "AV",
        ["policy.read"] = "APOVR",
        ["policy.write"] = "AP",
        ["policy.attach"] = "AP",
        ["policy.detach"] = "AP",
        ["policy.test"] = "AP",
        ["audit.read"] = "APOVR",
        ["audit.export"] = "A",
        ["audit.verify"] = "APOVR",
        ["lock.read"] = "APOVR",
        ["lock.unlock"] = "A",
        ["integration.read"] = "APOVR",
        ["integration.write"] = "A",
        ["key.manage"] = "A",
        ["role.manage"] = "A",
    };

    private static readonly Dictionary<char, Role> Letters = new()
    {
        ['A'] = Role.Admin, ['P'] = Role.PolicyAuthor, ['O'] = Role.Operator, ['V'] = Role.Approver, ['R'] = Role.Reader,
    };

    // root ── team ── team-dev
    //      └─ other
    private static readonly SpaceId Team = new("team");
    private static readonly SpaceId TeamDev = new("team-dev");
    private static readonly SpaceId Other = new("other");

    private static readonly SpaceTree Tree = SpaceTree.Create(
    [
        new SpaceLink(SpaceId.Root, null),
        new SpaceLink(Team, SpaceId.Root),
        new SpaceLink(TeamDev, Team),
        new SpaceLink(Other, SpaceId.Root),
    ]);

    public enum Placement { BoundSpace, Descendant, Sibling, Ancestor }

    public static TheoryData<string, Role, Placement> Cases()
    {
        var data = new TheoryData<string, Role, Placement>();
        foreach (var action in MandateAction.All)
        {
            foreach (var role in Enum.GetValues<Role>())
            {
                foreach (var placement in Enum.GetValues<Placement>())
                {
                    data.Add(action.Name, role, placement);
                }
            }
        }

        return data;
    }

    [Fact]
    public void Expected_table_names_every_action_and_nothing_else()
    {
        Assert.Equal(Expected.Keys.Order(StringComparer.Ordinal), MandateAction.All.Select(a => a.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Role_bound_on_team_allows_exactly_the_expected_actions_there_and_below(string actionName, Role role, Placement placement)
    {
        Assert.True(MandateAction.TryParse(actionName, out var action));
        var alice = Principal.User("u-alice", "Alice");
        RoleBinding[] bindings = [new("u-alice", Team, role)];
        var target = placement switch
        {
            Placement.BoundSpace => Team,
            Placement.Descendant => TeamDev,
            Placement.Sibling => Other,
            _ => SpaceId.Root,
        };
        var roleGrants = Expected[actionName].Select(c => Letters[c]).Contains(role);
        var inherited = placement is Placement.BoundSpace or Placement.Descendant;

        if (roleGrants && inherited)
        {
            var granted = Authorizer.Authorize(alice, bindings, Tree, target, action);
            Assert.Equal(bindings[0], granted);
            return;
        }

        var denial = Assert.Throws<MandateException>(() => Authorizer.Authorize(alice, bindings, Tree, target, action));
        Assert.Equal(MandateErrorCodes.Forbidden, denial.Code);
        Assert.Contains(actionName, denial.Message, StringComparison.Ordinal);
        Assert.Contains($"'{target}'", denial.Message, StringComparison.Ordinal);
        var allowedRoles = Assert.IsType<string[]>(denial.Details["allowedRoles"]);
        Assert.Equal(Expected[actionName].Select(c => Letters[c].ToWireName()).Order(StringComparer.Ordinal), allowedRoles.Order(StringComparer.Ordinal));
        foreach (var name in allowedRoles)
        {
            Assert.Contains(name, denial.Message, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string> MutatingActions()
    {
        var data = new TheoryData<string>();
        foreach (var action in MandateAction.All.Where(a => a.Mutates))
        {
            data.Add(action.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MutatingActions))]
    public void Read_scoped_key_is_refused_every_mutating_action_even_as_admin_on_root(string actionName)
    {
        Assert.True(MandateAction.TryParse(actionName, out var action));
        var key = Principal.ApiKey("k0000000000a", "ci key", KeyScope.Read);
        RoleBinding[] bindings = [new(key.Id, SpaceId.Root, Role.Admin)];

        var refusal = Assert.Throws<MandateException>(() => Authorizer.Authorize(key, bindings, Tree, TeamDev, action));

        Assert.Equal(MandateErrorCodes.ReadOnlyCredential, refusal.Code);
        Assert.Contains(actionName, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_only_check_comes_before_role_and_space_checks()
    {
        var key = Principal.ApiKey("k0000000000b", "ci key", KeyScope.Read);

        var refusal = Assert.Throws<MandateException>(() => Authorizer.Authorize(key, [], Tree, Other, MandateAction.ResourceCreate));

        Assert.Equal(MandateErrorCodes.ReadOnlyCredential, refusal.Code);
    }

    [Fact]
    public void Read_scoped_admin_key_may_perform_every_non_mutating_action()
    {
        var key = Principal.ApiKey("k0000000000c", "viewer", KeyScope.Read);
        RoleBinding[] bindings = [new(key.Id, SpaceId.Root, Role.Admin)];

        foreach (var action in MandateAction.All.Where(a => !a.Mutates))
        {
            Assert.True(Authorizer.IsAllowed(key, bindings, Tree, TeamDev, action), action.Name);
        }
    }

    [Fact]
    public void Write_scoped_key_is_limited_by_its_roles_like_a_user()
    {
        var key = Principal.ApiKey("k0000000000d", "deployer", KeyScope.Write);
        RoleBinding[] bindings = [new(key.Id, Team, Role.Operator)];

        Assert.True(Authorizer.IsAllowed(key, bindings, Tree, TeamDev, MandateAction.ResourceCreate));
        Assert.False(Authorizer.IsAllowed(key, bindings, Tree, TeamDev, MandateAction.PolicyAttach));
    }
}
