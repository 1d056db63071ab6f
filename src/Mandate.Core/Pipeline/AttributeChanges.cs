namespace Mandate.Core.Pipeline;

using System.Text.Json.Nodes;
using Mandate.Providers.Cty;
using Mandate.Providers.Cty.Json;
using Mandate.Providers.Schema;

/// <summary>
/// One attribute that a plan changes (or that drifted), as people review it.
/// </summary>
/// <param name="Path">Where, written the way references are: <c>tags["team"]</c>, <c>attribute[0].name</c>.</param>
/// <param name="Change"><c>added</c>, <c>removed</c>, <c>updated</c> or <c>unknown</c> (known only after apply).</param>
/// <param name="Before">The value before; <see cref="CtyPlainJson.SensitiveMarker"/> when sensitive.</param>
/// <param name="After">The value after; null when removed or known only after apply; redacted when sensitive.</param>
/// <param name="UnknownAfterApply">The provider computes the value while applying; <paramref name="After"/> is null then.</param>
/// <param name="Sensitive">The schema marks the attribute (or a container of it) sensitive: values are redacted.</param>
/// <param name="ForcesReplacement">Changing it makes the provider replace the object (delete and create).</param>
public sealed record AttributeChange(
    string Path,
    string Change,
    JsonNode? Before,
    JsonNode? After,
    bool UnknownAfterApply,
    bool Sensitive,
    bool ForcesReplacement);

/// <summary>
/// Attribute-by-attribute differences between two values of a resource type, with the schema's sensitive
/// attributes redacted: the provider's values come back unmarked, so the marks are put back from the schema
/// before anything is shown.
/// </summary>
internal static class AttributeChanges
{
    public static IReadOnlyList<AttributeChange> Between(SchemaBlock schema, CtyValue before, CtyValue after, IReadOnlyList<CtyPath> requiresReplace)
    {
        var markedBefore = SensitiveMarks.Apply(schema, before);
        var markedAfter = SensitiveMarks.Apply(schema, after);
        var changes = new List<AttributeChange>();
        foreach (var change in CtyDiff.Changes(markedBefore, markedAfter))
        {
            var sensitive = SensitiveAlong(markedBefore, change.Path) || SensitiveAlong(markedAfter, change.Path)
                || change.Before.IsSensitive || change.After.IsSensitive;
            var unknown = change.Kind == CtyChangeKind.Unknown;
            changes.Add(new AttributeChange(
                change.Path.ToString(),
                change.Kind.ToString().ToLowerInvariant(),
                Show(change.Before, sensitive),
                unknown ? null : Show(change.After, sensitive),
                unknown,
                sensitive,
                requiresReplace.Any(change.Path.StartsWith)));
        }

        return changes;
    }

    /// <summary>The plain JSON view of <paramref name="value"/> with the schema's sensitive values redacted; null for a null value.</summary>
    public static JsonObject? Redacted(SchemaBlock schema, CtyValue value) =>
        value.IsNull ? null : CtyPlainJson.ToView(SensitiveMarks.Apply(schema, value)).Value as JsonObject;

    // A value is sensitive when it, or any container on the way to it, carries the mark.
    private static bool SensitiveAlong(CtyValue root, CtyPath path)
    {
        for (var depth = 0; depth <= path.Steps.Length; depth++)
        {
            if (CtyPath.Of(path.Steps.Take(depth)).Apply(root) is { IsSensitive: true })
            {
                return true;
            }
        }

        return false;
    }

    private static JsonNode? Show(CtyValue value, bool sensitive)
    {
        if (value.IsNull || !value.IsKnown)
        {
            return null;
        }

        return sensitive ? JsonValue.Create(CtyPlainJson.SensitiveMarker) : CtyPlainJson.ToView(value).Value;
    }
}
