using Mandate.Core.Access;

namespace Mandate.Core.Tests.Access;

public sealed class AuthorizerTests
{
    private static readonly SpaceId Team = new("team");
    private static readonly SpaceId Other = new("other");
    private static readonly SpaceTree Tree = SpaceTree.Create(
        [new(SpaceId.Root, null), new(Team, SpaceId.Root), new(Other, SpaceId.Root)]);

    private static readonly Principal Alice = Principal.User("u-alice", "Alice");

    [Fact]
    public void Bindings_of_other_principals_grant_nothing()
    {
        RoleBinding[] bindings = [new("u-bob", SpaceId.Root, Role.Admin)];

        Assert.False(Authorizer.IsAllowed(Alice, bindings, Tree, Team, MandateAction.ResourceRead));
    }

    [Fact]
    public void Any_one_sufficient_binding_allows_and_is_returned()
    {
        RoleBinding[] bindings = [new("u-alice", Team, Role.Reader), new("u-alice", SpaceId.Root, Role.Operator)];

        var granted = Authorizer.Authorize(Alice, bindings, Tree, Team, MandateAction.ResourceCreate);

        Assert.Equal(bindings[1], granted);
    }

    [Fact]
    public void Forbidden_message_names_action_space_needed_roles_and_held_roles()
    {
        RoleBinding[] bindings = [new("u-alice", Team, Role.Reader), new("u-alice", Other, Role.Admin)];

        var error = Assert.Throws<MandateException>(() => Authorizer.Authorize(Alice, bindings, Tree, Team, MandateAction.PolicyWrite));

        Assert.Equal(MandateErrorCodes.Forbidden, error.Code);
        Assert.Equal(
            "'Alice' may not policy.write in space 'team': that needs one of the roles admin, policy-author on 'team' or a space above it; it holds reader on 'team'",
            error.Message);
        Assert.Equal(new[] { "reader@team" }, error.Details["heldRoles"]);
    }

    [Fact]
    public void Principal_without_any_role_is_told_it_holds_none()
    {
        var error = Assert.Throws<MandateException>(() => Authorizer.Authorize(Alice, [], Tree, Team, MandateAction.SpaceRead));

        Assert.EndsWith("it holds no role there", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_target_space_is_not_found()
    {
        RoleBinding[] bindings = [new("u-alice", SpaceId.Root, Role.Admin)];

        var error = Assert.Throws<MandateException>(() => Authorizer.Authorize(Alice, bindings, Tree, new SpaceId("gone"), MandateAction.SpaceRead));

        Assert.Equal(MandateErrorCodes.NotFound, error.Code);
    }

    [Fact]
    public void Binding_on_a_space_no_longer_in_the_tree_grants_nothing()
    {
        RoleBinding[] bindings = [new("u-alice", new SpaceId("deleted"), Role.Admin)];

        Assert.False(Authorizer.IsAllowed(Alice, bindings, Tree, Team, MandateAction.SpaceRead));
    }

    [Fact]
    public void Approver_cannot_decide_an_operation_they_requested()
    {
        var approver = Principal.User("u-vera", "Vera");

        Assert.True(ApprovalRules.MayDecide(approver, "u-olga"));
        Assert.False(ApprovalRules.MayDecide(approver, "u-vera"));
        var error = Assert.Throws<MandateException>(() => ApprovalRules.EnsureMayDecide(approver, "u-vera", "op-17"));
        Assert.Equal(MandateErrorCodes.Forbidden, error.Code);
        Assert.Contains("op-17", error.Message, StringComparison.Ordinal);
        ApprovalRules.EnsureMayDecide(approver, "u-olga", "op-18");
    }

    [Theory]
    [InlineData(Role.Admin, "admin")]
    [InlineData(Role.PolicyAuthor, "policy-author")]
    [InlineData(Role.Operator, "operator")]
    [InlineData(Role.Approver, "approver")]
    [InlineData(Role.Reader, "reader")]
    public void Roles_round_trip_through_their_wire_names(Role role, string wire)
    {
        Assert.Equal(wire, role.ToWireName());
        Assert.Equal(role, RoleNames.Parse(wire));
    }

    [Fact]
    public void Unknown_role_name_lists_the_accepted_ones()
    {
        var error = Assert.Throws<MandateException>(() => RoleNames.Parse("Admin"));

        Assert.Contains("admin, policy-author, operator, approver, reader", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Users_have_no_scope_and_keys_always_have_one()
    {
        Assert.Null(Principal.User("u1", "U").KeyScope);
        Assert.False(Principal.User("u1", "U").IsReadOnly);
        Assert.True(Principal.ApiKey("k1", "K", KeyScope.Read).IsReadOnly);
        Assert.Equal("api-key", Principal.ApiKey("k1", "K", KeyScope.Write).Kind.ToWireName());
        Assert.Equal(KeyScope.Read, AccessWireNames.ParseKeyScope("read"));
        Assert.Throws<MandateException>(() => AccessWireNames.ParseKeyScope("admin"));
    }
}
