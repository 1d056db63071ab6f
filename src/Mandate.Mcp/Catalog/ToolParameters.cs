namespace Mandate.Mcp.Catalog;

using System.Text.Json;
using System.Text.Json.Nodes;
using Mandate.Providers.Schema;

/// <summary>The JSON types a tool parameter can take.</summary>
public enum ParameterType
{
    String,
    Integer,
    Boolean,

    /// <summary>A JSON object with any members (resource configuration, merge patches, policy input).</summary>
    Object,

    /// <summary>An array of strings.</summary>
    StringArray,

    /// <summary>An array of JSON objects (policy samples).</summary>
    ObjectArray,
}

/// <summary>One named parameter of a tool.</summary>
/// <param name="Allowed">For strings: the only values accepted.</param>
/// <param name="Minimum">For integers: the smallest value accepted.</param>
/// <param name="Maximum">For integers: the largest value accepted.</param>
public sealed record ToolParameter(string Name, ParameterType Type, string Description, bool Required = false,
    IReadOnlyList<string>? Allowed = null, long? Minimum = null, long? Maximum = null);

/// <summary>
/// A tool's parameters: rendered once as the input JSON Schema clients see, and used to check every call's
/// arguments against that same definition (missing, unknown and wrongly typed arguments are named, with the
/// closest valid names), so what a model is told and what the server accepts cannot drift apart.
/// </summary>
public sealed class ToolParameters
{
    private readonly Dictionary<string, ToolParameter> _byName;

    public ToolParameters(params ToolParameter[] parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        All = parameters;
        _byName = parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        Schema = JsonSerializer.SerializeToElement(BuildSchema());
    }

    /// <summary>A tool without parameters.</summary>
    public static ToolParameters None { get; } = new();

    public IReadOnlyList<ToolParameter> All { get; }

    /// <summary>The input JSON Schema (draft 2020-12 subset): an object, no other members allowed.</summary>
    public JsonElement Schema { get; }

    /// <summary>Checks <paramref name="arguments"/>; returns the arguments as a JSON object, or the problems found.</summary>
    public ArgumentCheck Check(IDictionary<string, JsonElement>? arguments)
    {
        var problems = new List<string>();
        var values = new JsonObject();
        foreach (var (name, value) in arguments ?? new Dictionary<string, JsonElement>())
        {
            if (!_byName.TryGetValue(name, out var parameter))
            {
                var close = DidYouMean.Suggest(name, _byName.Keys);
                problems.Add($"unknown argument '{name}'" + (close.Count > 0 ? $" (did you mean {string.Join(" or ", close.Select(c => $"'{c}'"))}?)" : "")
                    + $"; this tool accepts {Accepted()}");
                continue;
            }

            if (value.ValueKind == JsonValueKind.Null && !parameter.Required)
            {
                continue;
            }

            if (CheckValue(parameter, value) is { } problem)
            {
                problems.Add(problem);
                continue;
            }

            values[name] = JsonNode.Parse(value.GetRawText());
        }

        foreach (var parameter in All.Where(p => p.Required && !values.ContainsKey(p.Name) && !(arguments?.ContainsKey(p.Name) ?? false)))
        {
            problems.Add($"missing required argument '{parameter.Name}' ({TypeWord(parameter.Type)}: {parameter.Description})");
        }

        return new ArgumentCheck(values, problems);
    }

    private string Accepted() => All.Count == 0 ? "no arguments" : string.Join(", ", All.Select(p => p.Name));

    private static string? CheckValue(ToolParameter p, JsonElement value)
    {
        var ok = p.Type switch
        {
            ParameterType.String => value.ValueKind == JsonValueKind.String,
            ParameterType.Integer => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            ParameterType.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            ParameterType.Object => value.ValueKind == JsonValueKind.Object,
            ParameterType.StringArray => value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String),
            ParameterType.ObjectArray => value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Object),
            _ => false,
        };
        if (!ok)
        {
            return $"argument '{p.Name}' must be {TypeWord(p.Type)}, not {Describe(value)}";
        }

        if (p.Allowed is { } allowed && !allowed.Contains(value.GetString()!, StringComparer.Ordinal))
        {
            return $"argument '{p.Name}' is '{value.GetString()}'; use one of: {string.Join(", ", allowed)}";
        }

        if (p.Type == ParameterType.Integer)
        {
            var n = value.GetInt64();
            if ((p.Minimum is { } min && n < min) || (p.Maximum is { } max && n > max))
            {
                return $"argument '{p.Name}' is {n}; it must be between {p.Minimum?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-∞"} and {p.Maximum?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "∞"}";
            }
        }

        if (p.Type == ParameterType.String && value.GetString()!.Length == 0 && p.Required)
        {
            return $"argument '{p.Name}' is empty; {p.Description}";
        }

        return null;
    }

    private static string TypeWord(ParameterType type) => type switch
    {
        ParameterType.String => "a string",
        ParameterType.Integer => "an integer",
        ParameterType.Boolean => "true or false",
        ParameterType.Object => "a JSON object",
        ParameterType.StringArray => "an array of strings",
        _ => "an array of JSON objects",
    };

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Cut(value.GetString()!)}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };

    private static string Cut(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private JsonObject BuildSchema()
    {
        var properties = new JsonObject();
        foreach (var p in All)
        {
            var property = p.Type switch
            {
                ParameterType.StringArray => new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
                ParameterType.ObjectArray => new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "object" } },
                _ => new JsonObject { ["type"] = p.Type.ToString().ToLowerInvariant() },
            };
            property["description"] = p.Description;
            if (p.Allowed is { } allowed)
            {
                property["enum"] = new JsonArray([.. allowed.Select(a => JsonValue.Create(a))]);
            }

            if (p.Minimum is { } min)
            {
                property["minimum"] = min;
            }

            if (p.Maximum is { } max)
            {
                property["maximum"] = max;
            }

            properties[p.Name] = property;
        }

        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties, ["additionalProperties"] = false };
        var required = All.Where(p => p.Required).Select(p => JsonValue.Create(p.Name)).ToArray();
        if (required.Length > 0)
        {
            schema["required"] = new JsonArray(required);
        }

        return schema;
    }
}

/// <summary>The outcome of checking a call's arguments.</summary>
public sealed record ArgumentCheck(JsonObject Values, IReadOnlyList<string> Problems)
{
    public bool IsValid => Problems.Count == 0;
}
