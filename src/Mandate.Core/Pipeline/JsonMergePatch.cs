namespace Mandate.Core.Pipeline;

using System.Text.Json.Nodes;

/// <summary>
/// JSON Merge Patch (RFC 7396): how an update changes a stored config. An object patch merges key by
/// key, <c>null</c> removes a key, and anything else (arrays included) replaces the target whole.
/// </summary>
public static class JsonMergePatch
{
    /// <summary>Returns a new document; neither input is modified.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
                continue;
            }

            var merged = Apply(result[key], value);
            result[key] = merged;
        }

        return result;
    }
}
