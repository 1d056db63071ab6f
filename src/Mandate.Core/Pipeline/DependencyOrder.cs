namespace Mandate.Core.Pipeline;

/// <summary>Orders resources so nothing is deleted while something still depends on it.</summary>
public static class DependencyOrder
{
    /// <summary>
    /// For a cascading delete of <paramref name="root"/>: every resource that depends on it, directly or
    /// through others, ordered dependents-first, ending with <paramref name="root"/>.
    /// <paramref name="dependentsOf"/> returns the resources that reference a given one.
    /// </summary>
    public static IReadOnlyList<string> CascadeDeletion(string root, Func<string, IReadOnlyCollection<string>> dependentsOf)
    {
        ArgumentNullException.ThrowIfNull(dependentsOf);
        var order = new List<string>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var onPath = new List<string>();

        void Visit(string resource)
        {
            if (done.Contains(resource))
            {
                return;
            }

            var cycleStart = onPath.IndexOf(resource);
            if (cycleStart >= 0)
            {
                throw new MandateException(MandateErrorCodes.Conflict,
                    $"resources depend on each other in a cycle: {string.Join(" → ", onPath[cycleStart..].Append(resource))}; remove one reference first");
            }

            onPath.Add(resource);
            foreach (var dependent in dependentsOf(resource).OrderBy(d => d, StringComparer.Ordinal))
            {
                Visit(dependent);
            }

            onPath.RemoveAt(onPath.Count - 1);
            done.Add(resource);
            order.Add(resource);
        }

        Visit(root);
        return order;
    }
}
