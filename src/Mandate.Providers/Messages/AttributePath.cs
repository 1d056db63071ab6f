using System.Globalization;
using System.Text;

namespace Mandate.Providers.Messages;

/// <summary>One step of an <see cref="AttributePath"/>: an attribute name, a map key, or a list/tuple index.</summary>
public readonly record struct AttributePathStep
{
    private AttributePathStep(string? name, string? key, long? index)
    {
        AttributeName = name;
        ElementKey = key;
        ElementIndex = index;
    }

    public string? AttributeName { get; }

    public string? ElementKey { get; }

    public long? ElementIndex { get; }

    public static AttributePathStep Attribute(string name) => new(name, null, null);

    public static AttributePathStep Key(string key) => new(null, key, null);

    public static AttributePathStep Index(long index) => new(null, null, index);
}

/// <summary>
/// A path into a resource's value, as providers report it (<c>tags["env"]</c>, <c>attribute[0].name</c>);
/// rendered in Terraform's own notation so users recognise it.
/// </summary>
public sealed class AttributePath : IEquatable<AttributePath>
{
    public AttributePath(IReadOnlyList<AttributePathStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        Steps = steps;
    }

    public static AttributePath Root { get; } = new([]);

    public IReadOnlyList<AttributePathStep> Steps { get; }

    public static AttributePath Of(params string[] names) =>
        new(Array.ConvertAll(names, AttributePathStep.Attribute));

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var step in Steps)
        {
            if (step.AttributeName is { } name)
            {
                if (text.Length > 0)
                {
                    text.Append('.');
                }

                text.Append(name);
            }
            else if (step.ElementKey is { } key)
            {
                text.Append("[\"").Append(key.Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"]");
            }
            else
            {
                text.Append('[').Append(step.ElementIndex!.Value.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
        }

        return text.ToString();
    }

    public bool Equals(AttributePath? other) => other is not null && Steps.SequenceEqual(other.Steps);

    public override bool Equals(object? obj) => Equals(obj as AttributePath);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var step in Steps)
        {
            hash.Add(step);
        }

        return hash.ToHashCode();
    }
}
