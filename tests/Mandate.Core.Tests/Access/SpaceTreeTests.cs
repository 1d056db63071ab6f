using Mandate.Core.Access;

namespace Mandate.Core.Tests.Access;

public sealed class SpaceTreeTests
{
    private static readonly SpaceId A = new("a");
    private static readonly SpaceId B = new("b");
    private static readonly SpaceId C = new("c");

    [Fact]
    public void Ancestors_are_listed_nearest_first_up_to_the_root()
    {
        var tree = SpaceTree.Create([new(SpaceId.Root, null), new(A, SpaceId.Root), new(B, A), new(C, B)]);

        Assert.Equal([B, A, SpaceId.Root], tree.AncestorsOf(C));
        Assert.Equal([C, B, A, SpaceId.Root], tree.SelfAndAncestorsOf(C));
        Assert.Empty(tree.AncestorsOf(SpaceId.Root));
        Assert.True(tree.IsSameOrDescendantOf(C, A));
        Assert.True(tree.IsSameOrDescendantOf(A, A));
        Assert.False(tree.IsSameOrDescendantOf(A, C));
    }

    [Fact]
    public void Siblings_are_not_descendants_of_each_other()
    {
        var tree = SpaceTree.Create([new(SpaceId.Root, null), new(A, SpaceId.Root), new(B, SpaceId.Root)]);

        Assert.False(tree.IsSameOrDescendantOf(A, B));
        Assert.False(tree.IsSameOrDescendantOf(B, A));
    }

    [Fact]
    public void Root_only_tree_holds_just_the_root()
    {
        Assert.Equal(1, SpaceTree.RootOnly.Count);
        Assert.True(SpaceTree.RootOnly.Contains(SpaceId.Root));
    }

    public static TheoryData<string, SpaceLink[]> InvalidTrees() => new()
    {
        { "root space 'root' is missing", [new(A, B), new(B, A)] },
        { "names parent 'b', which does not exist", [new(SpaceId.Root, null), new(A, B)] },
        { "appears twice", [new(SpaceId.Root, null), new(A, SpaceId.Root), new(A, SpaceId.Root)] },
        { "part of a parent cycle", [new(SpaceId.Root, null), new(A, B), new(B, A)] },
        { "has no parent", [new(SpaceId.Root, null), new(A, null)] },
        { "root space cannot have a parent", [new(SpaceId.Root, A), new(A, SpaceId.Root)] },
    };

    [Theory]
    [MemberData(nameof(InvalidTrees))]
    public void Invalid_links_are_refused_naming_the_problem(string expected, SpaceLink[] links)
    {
        var error = Assert.Throws<MandateException>(() => SpaceTree.Create(links));

        Assert.Equal(MandateErrorCodes.InvalidArgument, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Asking_about_an_unknown_space_is_not_found()
    {
        var error = Assert.Throws<MandateException>(() => SpaceTree.RootOnly.AncestorsOf(A).ToList());

        Assert.Equal(MandateErrorCodes.NotFound, error.Code);
        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Team")]
    [InlineData("-team")]
    [InlineData("team a")]
    [InlineData("team/a")]
    public void Bad_space_names_are_refused_with_the_rule(string name)
    {
        var error = Assert.Throws<MandateException>(() => new SpaceId(name));

        Assert.Equal(MandateErrorCodes.InvalidArgument, error.Code);
        Assert.Contains("a-z, 0-9", error.Message, StringComparison.Ordinal);
        Assert.False(SpaceId.TryParse(name, out _));
    }

    [Fact]
    public void Names_at_the_length_limit_are_accepted_and_one_more_is_refused()
    {
        Assert.True(SpaceId.TryParse(new string('a', 63), out _));
        Assert.False(SpaceId.TryParse(new string('a', 64), out _));
    }
}
