using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace Mandate.Providers.Cty;

/// <summary>What one <see cref="CtyPathStep"/> selects.</summary>
public enum CtyPathStepKind
{
    /// <summary>An object attribute or block by name.</summary>
    Attribute,
    /// <summary>A list or tuple element by position (also a set element by its position in our ordering).</summary>
    Index,
    /// <summary>A map element by key.</summary>
    Key,
}

/// <summary>One step of a <see cref="CtyPath"/>; the plugin protocol's AttributePath steps map one to one.</summary>
public readonly record struct CtyPathStep(CtyPathStepKind Kind, string? Name, long Index)
{
    /// <summary>Selects an attribute.</summary>
    public static CtyPathStep Attribute(string name) => new(CtyPathStepKind.Attribute, name, 0);

    /// <summary>Selects a list, tuple or set element by position.</summary>
    public static CtyPathStep ElementIndex(long index) => new(CtyPathStepKind.Index, null, index);

    /// <summary>Selects a map element by key.</summary>
    public static CtyPathStep ElementKey(string key) => new(CtyPathStepKind.Key, key, 0);

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        CtyPathStepKind.Attribute => Name!,
        CtyPathStepKind.Index => $"[{Index.ToString(CultureInfo.InvariantCulture)}]",
        _ => $"[\"{Name}\"]",
    };
}

/// <summary>
/// A path into a value, for diagnostics and diffs. Rendered the way people write references:
/// <c>attribute[0].name</c>, <c>tags["Name"]</c>; the empty path renders as <c>(root)</c>.
/// </summary>
public sealed class CtyPath : IEquatable<CtyPath>
{
    /// <summary>The path to the value itself.</summary>
    public static readonly CtyPath Root = new([]);

    private CtyPath(ImmutableArray<CtyPathStep> steps) => Steps = steps;

    /// <summary>The steps, outermost first.</summary>
    public ImmutableArray<CtyPathStep> Steps { get; }

    /// <summary>True for the root path.</summary>
    public bool IsEmpty => Steps.IsEmpty;

    /// <summary>A path from steps.</summary>
    public static CtyPath Of(IEnumerable<CtyPathStep> steps) => new([.. steps]);

    /// <summary>A path of attribute names, the common case for top-level diagnostics.</summary>
    public static CtyPath OfAttributes(params string[] names) => new([.. names.Select(CtyPathStep.Attribute)]);

    /// <summary>This path followed by an attribute step.</summary>
    public CtyPath Attribute(string name) => new(Steps.Add(CtyPathStep.Attribute(name)));

    /// <summary>This path followed by an index step.</summary>
    public CtyPath Index(long index) => new(Steps.Add(CtyPathStep.ElementIndex(index)));

    /// <summary>This path followed by a map key step.</summary>
    public CtyPath Key(string key) => new(Steps.Add(CtyPathStep.ElementKey(key)));

    /// <summary>True when <paramref name="prefix"/> is this path or an ancestor of it.</summary>
    public bool StartsWith(CtyPath prefix) =>
        prefix.Steps.Length <= Steps.Length && Steps.AsSpan(0, prefix.Steps.Length).SequenceEqual(prefix.Steps.AsSpan());

    /// <summary>The value this path selects in <paramref name="value"/>, or null when a step does not apply.</summary>
    public CtyValue? Apply(CtyValue value)
    {
        var current = value;
        foreach (var step in Steps)
        {
            if (current.IsNull || !current.IsKnown) return null;
            switch (step.Kind)
            {
                case CtyPathStepKind.Attribute when current.Type.Kind == CtyTypeKind.Object:
                    if (!current.Type.AttributeTypes.ContainsKey(step.Name!)) return null;
                    current = current.GetAttribute(step.Name!);
                    break;
                case CtyPathStepKind.Index when current.Type.Kind is CtyTypeKind.List or CtyTypeKind.Tuple or CtyTypeKind.Set:
                    if (step.Index < 0 || step.Index >= current.Elements.Length) return null;
                    current = current.Elements[(int)step.Index];
                    break;
                case CtyPathStepKind.Key when current.Type.Kind == CtyTypeKind.Map:
                    if (!current.TryGetMapElement(step.Name!, out var element)) return null;
                    current = element;
                    break;
                default:
                    return null;
            }
        }

        return current;
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        if (Steps.IsEmpty) return "(root)";
        var sb = new StringBuilder();
        foreach (var step in Steps)
        {
            if (step.Kind == CtyPathStepKind.Attribute && sb.Length > 0) sb.Append('.');
            sb.Append(step.ToString());
        }

        return sb.ToString();
    }

    /// <inheritdoc/>
    public bool Equals(CtyPath? other) => other is not null && Steps.AsSpan().SequenceEqual(other.Steps.AsSpan());

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as CtyPath);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var s in Steps) h.Add(s);
        return h.ToHashCode();
    }
}
