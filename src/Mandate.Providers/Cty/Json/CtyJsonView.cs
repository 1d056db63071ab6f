using System.Text.Json.Nodes;

namespace Mandate.Providers.Cty.Json;

/// <summary>
/// A value as plain JSON for people, AI clients and policies (see docs/providers-values.md). Unknown values are
/// <c>null</c> in <see cref="Value"/> and their paths are listed in <see cref="UnknownPaths"/> (Terraform's own
/// <c>after_unknown</c> idea, flattened); sensitive values are listed in <see cref="SensitivePaths"/> and, when
/// redaction was asked for, replaced by the string <see cref="CtyPlainJson.SensitiveMarker"/>.
/// </summary>
public sealed record CtyJsonView(JsonNode? Value, IReadOnlyList<string> UnknownPaths, IReadOnlyList<string> SensitivePaths)
{
    /// <summary>The envelope form: <c>{"value": …, "unknown_paths": […], "sensitive_paths": […]}</c>.</summary>
    public JsonObject ToJsonObject() => new()
    {
        ["value"] = Value?.DeepClone(),
        ["unknown_paths"] = new JsonArray([.. UnknownPaths.Select(p => (JsonNode)JsonValue.Create(p))]),
        ["sensitive_paths"] = new JsonArray([.. SensitivePaths.Select(p => (JsonNode)JsonValue.Create(p))]),
    };
}

/// <summary>One reason a JSON value could not become a cty value, with where and what was expected.</summary>
public sealed record CtyConversionError(CtyPath Path, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => Path.IsEmpty ? Message : $"{Path}: {Message}";
}
