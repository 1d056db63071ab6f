namespace Mandate.Core.Access;

/// <summary>One space and its parent, as the store keeps it. The root has no parent.</summary>
/// <param name="Id">The space.</param>
/// <param name="Parent">Its parent; null only for the root.</param>
public readonly record struct SpaceLink(SpaceId Id, SpaceId? Parent);

/// <summary>
/// An immutable snapshot of the space tree, built from parent links and checked once so that every
/// question (ancestors, is-descendant) is answered without further validation. Roles flow down this
/// tree: a grant on a space applies to it and every space below it.
/// </summary>
public sealed class SpaceTree
{
    private readonly Dictionary<SpaceId, SpaceId?> _parents;

    private SpaceTree(Dictionary<SpaceId, SpaceId?> parents) => _parents = parents;

    /// <summary>A tree holding only the root space: the state of a new installation.</summary>
    public static SpaceTree RootOnly { get; } = new(new Dictionary<SpaceId, SpaceId?> { [SpaceId.Root] = null });

    /// <summary>The number of spaces, root included.</summary>
    public int Count => _parents.Count;

    /// <summary>
    /// Builds a tree from parent links. The root must be present without a parent, every other space
    /// must name an existing parent, no space may appear twice and there may be no cycle; otherwise a
    /// <see cref="MandateException"/> (invalid_argument) names the offending space.
    /// </summary>
    public static SpaceTree Create(IEnumerable<SpaceLink> links)
    {
        ArgumentNullException.ThrowIfNull(links);
        var parents = new Dictionary<SpaceId, SpaceId?>();
        foreach (var link in links)
        {
            if (!parents.TryAdd(link.Id, link.Parent))
            {
                throw Invalid($"space '{link.Id}' appears twice");
            }
        }

        if (!parents.TryGetValue(SpaceId.Root, out var rootParent))
        {
            throw Invalid($"the root space '{SpaceId.RootName}' is missing");
        }

        if (rootParent is not null)
        {
            throw Invalid($"the root space cannot have a parent (given '{rootParent}')");
        }

        foreach (var (id, parent) in parents)
        {
            if (!id.IsRoot && parent is null)
            {
                throw Invalid($"space '{id}' has no parent; only the root may have none");
            }

            if (parent is { } p && !parents.ContainsKey(p))
            {
                throw Invalid($"space '{id}' names parent '{p}', which does not exist");
            }
        }

        var tree = new SpaceTree(parents);
        foreach (var id in parents.Keys)
        {
            // Walking up must reach the root within Count steps; a longer walk means a cycle.
            var steps = 0;
            foreach (var _ in tree.AncestorsOf(id))
            {
                if (++steps > parents.Count)
                {
                    throw Invalid($"space '{id}' is part of a parent cycle");
                }
            }
        }

        return tree;
    }

    /// <summary>True when the space exists in this tree.</summary>
    public bool Contains(SpaceId id) => _parents.ContainsKey(id);

    /// <summary>The parent of a space, or null for the root.</summary>
    public SpaceId? ParentOf(SpaceId id) => _parents.TryGetValue(id, out var parent) ? parent : throw UnknownSpace(id);

    /// <summary>The ancestors of a space, nearest first, ending with the root; empty for the root.</summary>
    public IEnumerable<SpaceId> AncestorsOf(SpaceId id)
    {
        var current = ParentOf(id);
        while (current is { } space)
        {
            yield return space;
            current = _parents[space];
        }
    }

    /// <summary>The space itself followed by its ancestors up to the root.</summary>
    public IEnumerable<SpaceId> SelfAndAncestorsOf(SpaceId id)
    {
        if (!Contains(id))
        {
            throw UnknownSpace(id);
        }

        yield return id;
        foreach (var ancestor in AncestorsOf(id))
        {
            yield return ancestor;
        }
    }

    /// <summary>
    /// True when <paramref name="space"/> is <paramref name="ancestor"/> or lies below it: exactly the
    /// spaces a role granted on <paramref name="ancestor"/> covers.
    /// </summary>
    public bool IsSameOrDescendantOf(SpaceId space, SpaceId ancestor)
    {
        foreach (var candidate in SelfAndAncestorsOf(space))
        {
            if (candidate == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    private static MandateException Invalid(string problem) =>
        new(MandateErrorCodes.InvalidArgument, $"the space tree is not valid: {problem}");

    internal static MandateException UnknownSpace(SpaceId id) =>
        new(MandateErrorCodes.NotFound, $"space '{id}' does not exist", new Dictionary<string, object?> { ["space"] = id.Value });
}
