namespace Mandate.Core.Pipeline;

using System.Globalization;
using System.Text.Json.Nodes;
using Mandate.Providers.Schema;

/// <summary>
/// References between resources of one project. A config value <c>{"$ref": "vpc-main.id"}</c> stands
/// for the attribute <c>id</c> of resource <c>vpc-main</c>'s current state; paths go deeper with dots
/// and list indexes (<c>"subnets.ids[0]"</c>, <c>"table.tags.Environment"</c>). Resolving replaces
/// each reference with the value and reports the resources referenced, which become dependency edges.
/// </summary>
public static class ResourceReferences
{
    public const string RefKey = "$ref";

    /// <summary>The resource ids a config references, without resolving anything.</summary>
    public static IReadOnlySet<string> Find(JsonNode? config)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        Walk(config, reference => found.Add(Parse(reference).ResourceId));
        return found;
    }

    /// <summary>
    /// Returns a copy of <paramref name="config"/> with every reference replaced by its value, and the set
    /// of resources referenced. <paramref name="stateOf"/> gives a resource's current state, or null when the
    /// resource does not exist or has no state yet.
    /// </summary>
    public static (JsonNode? Resolved, IReadOnlySet<string> DependsOn) Resolve(
        JsonNode? config, string selfResourceId, IReadOnlyCollection<string> projectResourceIds, Func<string, JsonObject?> stateOf)
    {
        ArgumentNullException.ThrowIfNull(stateOf);
        var dependsOn = new SortedSet<string>(StringComparer.Ordinal);
        var resolved = Rewrite(config, "", reference =>
        {
            var (resourceId, path) = Parse(reference);
            if (resourceId == selfResourceId)
            {
                throw Invalid($"'{reference}' refers to the resource being configured; a resource cannot depend on itself");
            }

            if (!projectResourceIds.Contains(resourceId))
            {
                var hints = DidYouMean.Suggest(resourceId, projectResourceIds);
                throw Invalid($"'{reference}' refers to resource '{resourceId}', which is not in this project" +
                              (hints.Count > 0 ? $"; did you mean {string.Join(", ", hints.Select(h => $"'{h}'"))}?" : "; create it first"));
            }

            var state = stateOf(resourceId) ?? throw Invalid($"'{reference}' refers to resource '{resourceId}', which has no state yet; apply it first");
            dependsOn.Add(resourceId);
            return Navigate(state, path, reference);
        });
        return (resolved, dependsOn);
    }

    private static JsonNode? Navigate(JsonObject state, IReadOnlyList<PathStep> path, string reference)
    {
        JsonNode? current = state;
        foreach (var step in path)
        {
            if (step.Index is int index)
            {
                if (current is not JsonArray array || index >= array.Count)
                {
                    throw Invalid($"'{reference}': index [{index}] is out of range (the value has {(current as JsonArray)?.Count ?? 0} elements)");
                }

                current = array[index];
                continue;
            }

            if (current is not JsonObject obj || !obj.TryGetPropertyValue(step.Name!, out var next))
            {
                var names = (current as JsonObject)?.Select(p => p.Key) ?? [];
                var hints = DidYouMean.Suggest(step.Name!, names);
                throw Invalid($"'{reference}': attribute '{step.Name}' does not exist" +
                              (hints.Count > 0 ? $"; did you mean {string.Join(", ", hints.Select(h => $"'{h}'"))}?" : ""));
            }

            current = next;
        }

        return current?.DeepClone();
    }

    private static JsonNode? Rewrite(JsonNode? node, string at, Func<string, JsonNode?> resolve) => node switch
    {
        JsonObject obj when TryGetReference(obj, out var reference) => resolve(reference),
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Rewrite(p.Value, $"{at}.{p.Key}", resolve)))),
        JsonArray array => new JsonArray(array.Select((item, i) => Rewrite(item, $"{at}[{i}]", resolve)).ToArray()),
        _ => node?.DeepClone(),
    };

    private static void Walk(JsonNode? node, Action<string> onReference)
    {
        switch (node)
        {
            case JsonObject obj when TryGetReference(obj, out var reference):
                onReference(reference);
                break;
            case JsonObject obj:
                foreach (var (_, value) in obj)
                {
                    Walk(value, onReference);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Walk(item, onReference);
                }

                break;
        }
    }

    // Only an object whose single key is "$ref" with a string value is a reference; anything else is data.
    private static bool TryGetReference(JsonObject obj, out string reference)
    {
        reference = "";
        if (obj.Count == 1 && obj.TryGetPropertyValue(RefKey, out var value) && value is JsonValue v && v.TryGetValue<string>(out var text))
        {
            reference = text;
            return true;
        }

        return false;
    }

    private static (string ResourceId, IReadOnlyList<PathStep> Path) Parse(string reference)
    {
        var dot = reference.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == reference.Length - 1)
        {
            throw Invalid($"'{reference}' is not a reference; write \"<resource_id>.<attribute>\", e.g. {{\"$ref\": \"vpc-main.id\"}}");
        }

        var steps = new List<PathStep>();
        foreach (var segment in reference[(dot + 1)..].Split('.'))
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? segment : segment[..bracket];
            if (name.Length == 0 && bracket != 0)
            {
                throw Invalid($"'{reference}' has an empty attribute name");
            }

            if (name.Length > 0)
            {
                steps.Add(new PathStep(name, null));
            }

            for (var rest = bracket < 0 ? "" : segment[bracket..]; rest.Length > 0;)
            {
                var close = rest.IndexOf(']', StringComparison.Ordinal);
                if (!rest.StartsWith('[') || close < 0 || !int.TryParse(rest[1..close], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    throw Invalid($"'{reference}' has a malformed index; write list indexes as [0], [1], …");
                }

                steps.Add(new PathStep(null, index));
                rest = rest[(close + 1)..];
            }
        }

        return (reference[..dot], steps);
    }

    private static MandateException Invalid(string message) => new(MandateErrorCodes.InvalidArgument, message);

    private readonly record struct PathStep(string? Name, int? Index);
}
