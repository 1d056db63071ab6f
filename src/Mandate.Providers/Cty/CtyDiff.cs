namespace Mandate.Providers.Cty;

/// <summary>What happened at one path between a prior and a planned value.</summary>
public enum CtyChangeKind
{
    /// <summary>Null or absent before, set after.</summary>
    Added,
    /// <summary>Set before, null or absent after.</summary>
    Removed,
    /// <summary>A different known value.</summary>
    Updated,
    /// <summary>Known only after apply.</summary>
    Unknown,
}

/// <summary>One leaf-level change; <see cref="Before"/> and <see cref="After"/> are the values at <see cref="Path"/>.</summary>
public sealed record CtyChange(CtyPath Path, CtyChangeKind Kind, CtyValue Before, CtyValue After)
{
    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        CtyChangeKind.Added => $"+ {Path} = {After}",
        CtyChangeKind.Removed => $"- {Path} (was {Before})",
        CtyChangeKind.Updated => $"~ {Path}: {Before} -> {After}",
        _ => $"~ {Path}: {Before} -> (known after apply)",
    };
}

/// <summary>
/// The attribute-by-attribute difference between two values of one type, for showing plans: objects, maps and
/// lists are walked element by element (lists by index, maps by key); set members have no identity, so a set
/// reports members that left and members that arrived; everything else is compared as a leaf. Unknown values in
/// the planned value are reported as <see cref="CtyChangeKind.Unknown"/> where they sit. Marks are ignored.
/// </summary>
public static class CtyDiff
{
    /// <summary>Every change from <paramref name="before"/> to <paramref name="after"/>, in path order.</summary>
    public static IReadOnlyList<CtyChange> Changes(CtyValue before, CtyValue after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<CtyChange>();
        Walk(CtyPath.Root, before, after, changes);
        return changes;
    }

    /// <summary>True when the two values differ anywhere (unknowns in <paramref name="after"/> count as differences).</summary>
    public static bool HasChanges(CtyValue before, CtyValue after) => Changes(before, after).Count > 0;

    private static void Walk(CtyPath path, CtyValue before, CtyValue after, List<CtyChange> changes)
    {
        if (before.EqualsIgnoringMarks(after) && after.IsKnown) return;
        if (!after.IsKnown)
        {
            changes.Add(new(path, CtyChangeKind.Unknown, before, after));
            return;
        }

        var kind = after.Type.Kind == CtyTypeKind.Dynamic ? before.Type.Kind : after.Type.Kind;
        var bothContainers = before.IsKnown && (before.Type.Kind == after.Type.Kind || before.IsNull || after.IsNull);
        switch (kind)
        {
            // Objects are walked even when one side is null: a create or destroy then lists every attribute.
            case CtyTypeKind.Object when bothContainers && !(before.IsNull && after.IsNull):
                foreach (var name in ObjectNames(before, after))
                {
                    var b = before.IsNull || !before.Type.AttributeTypes.ContainsKey(name) ? CtyValue.Null(after.Type.AttributeTypes.GetValueOrDefault(name) ?? CtyType.Dynamic) : before.GetAttribute(name);
                    var a = after.IsNull || !after.Type.AttributeTypes.ContainsKey(name) ? CtyValue.Null(b.Type) : after.GetAttribute(name);
                    Walk(path.Attribute(name), b, a, changes);
                }

                return;
            case CtyTypeKind.Map when bothContainers && !before.IsNull && !after.IsNull:
                foreach (var key in before.MapKeys.Union(after.MapKeys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
                {
                    before.TryGetMapElement(key, out var b);
                    after.TryGetMapElement(key, out var a);
                    Walk(path.Key(key), b, a, changes);
                }

                return;
            case CtyTypeKind.List or CtyTypeKind.Tuple when bothContainers && !before.IsNull && !after.IsNull:
                for (var i = 0; i < Math.Max(before.Length, after.Length); i++)
                {
                    var b = i < before.Length ? before.Elements[i] : CtyValue.Null(after.Elements[i].Type);
                    var a = i < after.Length ? after.Elements[i] : CtyValue.Null(b.Type);
                    Walk(path.Index(i), b, a, changes);
                }

                return;
            case CtyTypeKind.Set when bothContainers && !before.IsNull && !after.IsNull:
                for (var i = 0; i < before.Length; i++)
                {
                    if (!after.Elements.Any(e => e.EqualsIgnoringMarks(before.Elements[i])))
                        changes.Add(new(path.Index(i), CtyChangeKind.Removed, before.Elements[i], CtyValue.Null(before.Elements[i].Type)));
                }

                for (var i = 0; i < after.Length; i++)
                {
                    if (!after.Elements[i].IsWhollyKnown) changes.Add(new(path.Index(i), CtyChangeKind.Unknown, CtyValue.Null(after.Elements[i].Type), after.Elements[i]));
                    else if (!before.Elements.Any(e => e.EqualsIgnoringMarks(after.Elements[i])))
                        changes.Add(new(path.Index(i), CtyChangeKind.Added, CtyValue.Null(after.Elements[i].Type), after.Elements[i]));
                }

                return;
        }

        if (before.IsNull && after.IsNull) return;
        changes.Add(new(path, before.IsNull || !before.IsKnown ? CtyChangeKind.Added : after.IsNull ? CtyChangeKind.Removed : CtyChangeKind.Updated, before, after));
    }

    private static IEnumerable<string> ObjectNames(CtyValue before, CtyValue after) =>
        before.Type.AttributeNames.Union(after.Type.AttributeNames, StringComparer.Ordinal).Order(StringComparer.Ordinal);
}
