using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>
/// <c>graph.reachable</c> and <c>graph.reachable_paths</c> over an adjacency object (node → array or set of
/// neighbours). A node counts as reached only when it is a key of the graph, as in OPA. Path enumeration can
/// grow exponentially with the graph, so every path is charged against the output limit.
/// </summary>
internal static class GraphBuiltins
{
    [RegoBuiltin("graph.reachable")]
    public static RegoValue Reachable(BuiltinContext context, RegoValue graph, RegoValue initial)
    {
        var adjacency = Operands.Object(graph, 1);
        var queue = new Queue<RegoValue>(Vertices(Initial(initial)));
        var reached = new RegoSet.Builder();
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            if (adjacency[node] is { } edges && !reached.Contains(node))
            {
                reached.Add(node);
                context.ChargeOutput(1);
                foreach (var neighbour in Vertices(edges))
                {
                    if (!reached.Contains(neighbour))
                    {
                        queue.Enqueue(neighbour);
                    }
                }
            }
        }
        return reached.Build();
    }

    [RegoBuiltin("graph.reachable_paths")]
    public static RegoValue ReachablePaths(BuiltinContext context, RegoValue graph, RegoValue initial)
    {
        var adjacency = Operands.Object(graph, 1);
        var paths = new RegoSet.Builder();
        foreach (var node in Vertices(Initial(initial)))
        {
            if (adjacency[node] is not { } edges)
            {
                continue;
            }
            var neighbours = Vertices(edges);
            if (neighbours.Length == 0)
            {
                AddPath(context, paths, [node]);
                continue;
            }
            foreach (var neighbour in neighbours)
            {
                BuildPaths(context, adjacency, neighbour, [node], paths, new HashSet<RegoValue> { node });
            }
        }
        return paths.Build();
    }

    // Extends the path through root until a node without edges, a leaf, or a cycle back into the path.
    private static void BuildPaths(BuiltinContext context, RegoObject graph, RegoValue root, List<RegoValue> path, RegoSet.Builder paths, HashSet<RegoValue> onPath)
    {
        // A long chain recurses once per node; fail cleanly (eval_limit_error) instead of overflowing the stack.
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        if (graph[root] is not { } edges)
        {
            AddPath(context, paths, path);
            return;
        }
        path = [.. path, root];
        var neighbours = Vertices(edges);
        if (neighbours.Length == 0)
        {
            AddPath(context, paths, path);
            return;
        }
        onPath = [.. onPath, root];
        foreach (var neighbour in neighbours)
        {
            if (onPath.Contains(neighbour))
            {
                AddPath(context, paths, path);
            }
            else
            {
                BuildPaths(context, graph, neighbour, path, paths, onPath);
            }
        }
    }

    private static void AddPath(BuiltinContext context, RegoSet.Builder paths, List<RegoValue> path)
    {
        context.ChargeOutput(path.Count);
        paths.Add(RegoArray.From(path));
    }

    private static RegoValue Initial(RegoValue initial) =>
        initial is RegoArray or RegoSet ? initial : throw Operands.TypeError(2, initial, "{array, set}");

    private static RegoValue[] Vertices(RegoValue collection) => collection switch
    {
        RegoSet set => set.Items.ToArray(),
        RegoArray array => array.Items.ToArray(),
        _ => [],
    };
}
