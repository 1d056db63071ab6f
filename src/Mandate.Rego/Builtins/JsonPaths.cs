using System.Globalization;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>
/// json.filter and json.remove. Paths are JSON-pointer-like strings ("a/b/0", with ~0 and ~1 escapes) or
/// arrays of segments; both builtins first fold the paths into a tree whose leaves are null.
/// </summary>
internal static class JsonPaths
{
    [RegoBuiltin("json.filter")]
    public static RegoValue? Filter(RegoValue obj, RegoValue paths)
    {
        RegoObject o = Operands.Object(obj, 1);
        RegoObject tree = PathsToTree(ParsePaths(paths));
        return FilterObject(o, tree);
    }

    [RegoBuiltin("json.remove")]
    public static RegoValue? Remove(RegoValue obj, RegoValue paths)
    {
        Operands.Object(obj, 1);
        RegoObject tree = PathsToTree(ParsePaths(paths));
        return RemoveIn(obj, tree);
    }

    internal static List<RegoValue[]> ParsePaths(RegoValue paths)
    {
        ReadOnlySpan<RegoValue> items = paths switch
        {
            RegoArray a => a.Items,
            RegoSet s => s.Items,
            _ => throw Operands.TypeError(2, paths, "set", "array"),
        };
        var result = new List<RegoValue[]>(items.Length);
        foreach (RegoValue p in items) result.Add(ParsePath(p));
        return result;
    }

    /// <summary>One path: "/a/b" (leading slashes ignored, ~1 is '/', ~0 is '~') or an array of segments.</summary>
    internal static RegoValue[] ParsePath(RegoValue path)
    {
        switch (path)
        {
            case RegoString s:
                if (s.Value.Length == 0) return [];
                return s.Value.TrimStart('/').Split('/')
                    .Select(part => (RegoValue)RegoString.From(part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)))
                    .ToArray();
            case RegoArray a:
                return a.Items.ToArray();
            default:
                throw Operands.Error(2, $"must be one of {{set, array}} containing string paths or array of path segments but got {path.TypeName}");
        }
    }

    /// <summary>Folds paths into a tree: inner nodes are objects, the end of a path is null (covering all below).</summary>
    internal static RegoObject PathsToTree(List<RegoValue[]> paths)
    {
        var root = new Node();
        foreach (RegoValue[] path in paths)
        {
            if (path.Length == 0) continue;
            Node node = root;
            bool covered = false;
            for (int i = 0; i < path.Length - 1 && !covered; i++)
            {
                if (!node.Children.TryGetValue(path[i], out Node? child))
                {
                    child = new Node();
                    node.Children[path[i]] = child;
                }
                else if (child.IsLeaf)
                {
                    covered = true;
                }
                node = child;
            }
            if (!covered) node.Children[path[^1]] = Node.Leaf;
        }
        return (RegoObject)root.ToValue();
    }

    private static RegoObject FilterObject(RegoObject o, RegoObject filter)
    {
        var result = new RegoObject.Builder();
        for (int i = 0; i < filter.Count; i++)
        {
            RegoValue? v = o[filter.Keys[i]];
            if (v is null) continue;
            RegoValue? kept = filter.Values[i] is RegoObject sub ? FilterValue(v, sub) : v;
            if (kept is not null) result.Set(filter.Keys[i], kept);
        }
        return result.Build();
    }

    private static RegoValue? FilterValue(RegoValue v, RegoObject filter)
    {
        switch (v)
        {
            case RegoObject o:
                return FilterObject(o, filter);
            case RegoArray a:
                var items = new List<RegoValue>();
                for (int i = 0; i < filter.Count; i++)
                {
                    if (!TryIndex(filter.Keys[i], out int index)) return null;
                    if (index < 0 || index >= a.Count) continue;
                    RegoValue? kept = filter.Values[i] is RegoObject sub ? FilterValue(a[index], sub) : a[index];
                    if (kept is not null) items.Add(kept);
                }
                return RegoArray.From(items);
            case RegoSet s:
                var members = new List<RegoValue>();
                for (int i = 0; i < filter.Count; i++)
                {
                    if (!s.Contains(filter.Keys[i])) continue;
                    RegoValue? kept = filter.Values[i] is RegoObject sub ? FilterValue(filter.Keys[i], sub) : filter.Keys[i];
                    if (kept is not null) members.Add(kept);
                }
                return RegoSet.From(members);
            default:
                return v;
        }
    }

    private static bool TryIndex(RegoValue key, out int index)
    {
        index = -1;
        return key switch
        {
            RegoString s => int.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out index),
            RegoNumber n => n.TryGetInt32(out index),
            _ => false,
        };
    }

    /// <summary>Walks the value beside the tree, dropping what a null leaf marks (null result = dropped).</summary>
    private static RegoValue? RemoveIn(RegoValue a, RegoValue? tree)
    {
        if (tree is null) return a;
        if (tree is RegoNull) return null;
        if (tree is not RegoObject t) return a;
        switch (a)
        {
            case RegoObject o:
                var builder = new RegoObject.Builder();
                for (int i = 0; i < o.Count; i++)
                {
                    RegoValue? kept = RemoveIn(o.Values[i], t[o.Keys[i]]);
                    if (kept is not null) builder.Set(o.Keys[i], kept);
                }
                return builder.Build();
            case RegoSet s:
                var set = new RegoSet.Builder();
                foreach (RegoValue v in s.Items)
                {
                    RegoValue? kept = RemoveIn(v, t[v]);
                    if (kept is not null) set.Add(kept);
                }
                return set.Build();
            case RegoArray arr:
                // Removed elements close up, as in JSON Patch; indices are keyed by their decimal text.
                var items = new List<RegoValue>(arr.Count);
                for (int i = 0; i < arr.Count; i++)
                {
                    RegoValue? kept = RemoveIn(arr[i], t[RegoString.From(i.ToString(CultureInfo.InvariantCulture))]);
                    if (kept is not null) items.Add(kept);
                }
                return RegoArray.From(items);
            default:
                return a;
        }
    }

    private sealed class Node
    {
        public static readonly Node Leaf = new() { IsLeaf = true };

        public bool IsLeaf { get; private init; }

        public Dictionary<RegoValue, Node> Children { get; } = new(RegoValueComparer.Instance);

        public RegoValue ToValue() => IsLeaf
            ? RegoNull.Instance
            : RegoObject.From(Children.Select(kv => new KeyValuePair<RegoValue, RegoValue>(kv.Key, kv.Value.ToValue())));
    }
}
