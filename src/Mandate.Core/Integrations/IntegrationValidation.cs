namespace Mandate.Core.Integrations;

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mandate.Core.Model;
using Mandate.Providers.Schema;

/// <summary>
/// Checks an integration's kind, settings and secret names before anything is stored, naming every problem
/// with what is accepted (closest names for a misspelling). Secret values are never echoed.
/// </summary>
internal static partial class IntegrationValidation
{
    public static IntegrationKind ParseKind(string? kind)
    {
        if (IntegrationKinds.TryParse(kind, out var parsed))
        {
            return parsed;
        }

        var hints = DidYouMean.Suggest(kind ?? "", IntegrationKinds.Names);
        throw Invalid($"integration kind '{kind}' is not known; accepted: {string.Join(", ", IntegrationKinds.Names)}" +
            (hints.Count > 0 ? $" (did you mean '{hints[0]}'?)" : ""));
    }

    public static void CheckName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100 || !NamePattern().IsMatch(name))
        {
            throw Invalid($"integration name '{name}' is not valid; use 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    /// <summary>Checks <paramref name="settings"/> against the kind; throws one error listing every problem.</summary>
    public static void CheckSettings(IntegrationKindSpec spec, JsonObject settings)
    {
        var problems = new List<string>();
        var byName = spec.Settings.ToDictionary(s => s.Name, StringComparer.Ordinal);
        foreach (var (name, value) in settings)
        {
            if (!byName.TryGetValue(name, out var setting))
            {
                problems.Add(UnknownName(name, spec));
                continue;
            }

            if (value is not null && !Fits(setting.Type, value))
            {
                problems.Add($"setting '{name}' must be {Describe(setting.Type)}");
            }
        }

        foreach (var required in spec.Settings.Where(s => s.Required && settings[s.Name] is null))
        {
            problems.Add($"setting '{required.Name}' is required ({required.Description})");
        }

        if (problems.Count > 0)
        {
            throw Invalid($"the settings of a {spec.Kind.ToWire()} integration are not valid: {string.Join("; ", problems)}",
                new Dictionary<string, object?> { ["errors"] = problems, ["accepted_settings"] = spec.Settings.Select(s => s.Name).ToList() });
        }
    }

    /// <summary>Checks secret field names (never values) against the kind.</summary>
    public static void CheckSecretNames(IntegrationKindSpec spec, IEnumerable<string> names)
    {
        var problems = new List<string>();
        foreach (var name in names)
        {
            if (spec.AnySecretName ? !AttributePattern().IsMatch(name) : !spec.SecretNames.Contains(name, StringComparer.Ordinal))
            {
                var hints = DidYouMean.Suggest(name, spec.SecretNames);
                problems.Add(spec.AnySecretName
                    ? $"secret '{name}' is not a provider attribute name (lowercase letters, digits and '_')"
                    : $"secret '{name}' is not accepted by a {spec.Kind.ToWire()} integration" +
                      (hints.Count > 0 ? $" (did you mean '{hints[0]}'?)" : $"; accepted: {string.Join(", ", spec.SecretNames)}"));
            }
        }

        if (problems.Count > 0)
        {
            throw Invalid($"the secrets of a {spec.Kind.ToWire()} integration are not valid: {string.Join("; ", problems)}",
                new Dictionary<string, object?> { ["errors"] = problems, ["accepted_secrets"] = spec.SecretNames });
        }
    }

    private static string UnknownName(string name, IntegrationKindSpec spec)
    {
        if (spec.SecretNames.Contains(name, StringComparer.Ordinal))
        {
            // Said plainly, so a credential pasted into settings is moved to where it gets encrypted.
            return $"'{name}' is a secret: pass it under secrets, where it is encrypted, not under settings";
        }

        var hints = DidYouMean.Suggest(name, spec.Settings.Select(s => s.Name));
        return $"unknown setting '{name}'" + (hints.Count > 0
            ? $"; did you mean {string.Join(" or ", hints.Select(h => $"'{h}'"))}?"
            : $"; accepted: {string.Join(", ", spec.Settings.Select(s => s.Name))}");
    }

    private static bool Fits(SettingType type, JsonNode value) => type switch
    {
        SettingType.String => value.GetValueKind() == JsonValueKind.String,
        SettingType.Bool => value.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        SettingType.StringMap => value is JsonObject map && map.All(p => p.Value?.GetValueKind() == JsonValueKind.String),
        _ => value is JsonObject,
    };

    private static string Describe(SettingType type) => type switch
    {
        SettingType.String => "a string",
        SettingType.Bool => "true or false",
        SettingType.StringMap => "an object whose values are strings",
        _ => "a JSON object",
    };

    internal static MandateException Invalid(string message, IReadOnlyDictionary<string, object?>? details = null) =>
        new(MandateErrorCodes.InvalidArgument, message, details);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex AttributePattern();
}
