using System.Globalization;
using System.Net;
using Mandate.Rego.Builtins.Go;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>One validation failure, shaped like gojsonschema's ResultError as OPA reports it.</summary>
internal sealed record JsonSchemaError(string Type, string Field, string Description)
{
    /// <summary>"field: description", gojsonschema's default error format.</summary>
    public string Text => Field + ": " + Description;
}

/// <summary>
/// Validates a document against a <see cref="JsonSchema"/> with gojsonschema's error types, messages and
/// field paths ("(root)", "id", "a.0.b"), in its order: type, then combinators (allOf/anyOf/oneOf/not,
/// dependencies, if/then/else), then the keywords of the value's kind, then const and enum.
/// </summary>
internal sealed class JsonSchemaValidator
{
    private const int MaxDepth = 512;

    private readonly List<JsonSchemaError> _errors = [];

    public static List<JsonSchemaError> Validate(JsonSchema schema, RegoValue document)
    {
        var validator = new JsonSchemaValidator();
        validator.Check(schema, document, "(root)", 0);
        return validator._errors;
    }

    private static List<JsonSchemaError> Sub(JsonSchema schema, RegoValue value, string path, int depth)
    {
        var validator = new JsonSchemaValidator();
        validator.Check(schema, value, path, depth);
        return validator._errors;
    }

    private void Add(string type, string path, string description) => _errors.Add(new JsonSchemaError(type, FieldName(path), description));

    private static string Child(string path, string name) => path + "." + name;

    private void Check(JsonSchema schema, RegoValue value, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new JsonSchemaException("schema nesting too deep (recursive $ref?)");
        }
        if (schema.Pass is { } pass)
        {
            if (!pass)
            {
                Add("false", path, "False always fails validation");
            }
            return;
        }
        if (schema.Reference is not null)
        {
            Check(schema.Resolve(), value, path, depth + 1);
            return;
        }
        if (schema.Types.Length > 0 && !TypeMatches(schema.Types, value))
        {
            var expected = schema.Types.Length == 1 ? schema.Types[0] : "[" + string.Join(",", schema.Types) + "]";
            Add("invalid_type", path, $"Invalid type. Expected: {expected}, given: {JsonSchema.TypeName(value)}");
            return;
        }
        CheckCombinators(schema, value, path, depth);
        switch (value)
        {
            case RegoNumber number: CheckNumber(schema, number, path); break;
            case RegoString text: CheckString(schema, text.Value, path); break;
            case RegoArray array: CheckArray(schema, array, path, depth); break;
            case RegoObject obj: CheckObject(schema, obj, path, depth); break;
        }
        if (schema.Const is { } constant && !JsonEquals(constant, value))
        {
            Add("const", path, $"{FieldName(path)} does not match: {RegoJson.Serialize(constant)}");
        }
        if (schema.Enum is { } options && !options.Items.ToArray().Any(option => JsonEquals(option, value)))
        {
            var allowed = string.Join(", ", options.Items.ToArray().Select(option => RegoJson.Serialize(option)));
            Add("enum", path, $"{FieldName(path)} must be one of the following: {allowed}");
        }
    }

    private void CheckCombinators(JsonSchema schema, RegoValue value, string path, int depth)
    {
        if (schema.AnyOf.Count > 0)
        {
            var results = schema.AnyOf.Select(s => Sub(s, value, path, depth + 1)).ToList();
            if (!results.Any(r => r.Count == 0))
            {
                Add("number_any_of", path, "Must validate at least one schema (anyOf)");
                _errors.AddRange(results.MinBy(r => r.Count)!);
            }
        }
        if (schema.OneOf.Count > 0)
        {
            var results = schema.OneOf.Select(s => Sub(s, value, path, depth + 1)).ToList();
            var valid = results.Count(r => r.Count == 0);
            if (valid != 1)
            {
                Add("number_one_of", path, "Must validate one and only one schema (oneOf)");
                if (valid == 0)
                {
                    _errors.AddRange(results.MinBy(r => r.Count)!);
                }
            }
        }
        if (schema.AllOf.Count > 0)
        {
            var failed = 0;
            foreach (var sub in schema.AllOf)
            {
                var errors = Sub(sub, value, path, depth + 1);
                failed += errors.Count > 0 ? 1 : 0;
                _errors.AddRange(errors);
            }
            if (failed > 0)
            {
                Add("number_all_of", path, "Must validate all the schemas (allOf)");
            }
        }
        if (schema.Not is { } not && Sub(not, value, path, depth + 1).Count == 0)
        {
            Add("number_not", path, "Must not validate the schema (not)");
        }
        if (value is RegoObject obj)
        {
            foreach (var (name, needed) in schema.PropertyDependencies)
            {
                if (obj[name] is null)
                {
                    continue;
                }
                foreach (var dependency in needed.Where(d => obj[d] is null))
                {
                    Add("missing_dependency", path, $"Has a dependency on {dependency}");
                }
            }
            foreach (var (name, dependencySchema) in schema.SchemaDependencies)
            {
                if (obj[name] is not null)
                {
                    Check(dependencySchema, value, path, depth + 1);
                }
            }
        }
        if (schema.If is { } condition)
        {
            var holds = Sub(condition, value, path, depth + 1).Count == 0;
            var branch = holds ? schema.Then : schema.Else;
            if (branch is not null)
            {
                var errors = Sub(branch, value, path, depth + 1);
                if (errors.Count > 0)
                {
                    _errors.AddRange(errors);
                    Add(holds ? "condition_then" : "condition_else", path,
                        holds ? "Must validate \"then\" as \"if\" was valid" : "Must validate \"else\" as \"if\" was not valid");
                }
            }
        }
    }

    private void CheckNumber(JsonSchema schema, RegoNumber number, string path)
    {
        var x = number.ToDouble();
        if (schema.MultipleOf is { } factor)
        {
            var quotient = (decimal)x / (decimal)factor;
            if (quotient != decimal.Truncate(quotient))
            {
                Add("multiple_of", path, $"Must be a multiple of {Format(factor)}");
            }
        }
        if (schema.Maximum is { } max && x > max) Add("number_lte", path, $"Must be less than or equal to {Format(max)}");
        if (schema.ExclusiveMaximum is { } xmax && x >= xmax) Add("number_lt", path, $"Must be less than {Format(xmax)}");
        if (schema.Minimum is { } min && x < min) Add("number_gte", path, $"Must be greater than or equal to {Format(min)}");
        if (schema.ExclusiveMinimum is { } xmin && x <= xmin) Add("number_gt", path, $"Must be greater than {Format(xmin)}");
    }

    private void CheckString(JsonSchema schema, string text, string path)
    {
        // Lengths count Unicode code points, as gojsonschema's utf8.RuneCountInString does.
        var length = text.EnumerateRunes().Count();
        if (schema.MinLength is { } min && length < min) Add("string_gte", path, $"String length must be greater than or equal to {min}");
        if (schema.MaxLength is { } max && length > max) Add("string_lte", path, $"String length must be less than or equal to {max}");
        if (schema.Pattern is { } pattern && !pattern.Regex.IsMatch(text)) Add("pattern", path, $"Does not match pattern '{pattern.Text}'");
        if (schema.Format is { } format && !JsonSchemaFormats.Matches(format, text)) Add("format", path, $"Does not match format '{format}'");
    }

    private void CheckArray(JsonSchema schema, RegoArray array, string path, int depth)
    {
        var items = array.Items.ToArray();
        if (schema.ItemsList is { } tuple)
        {
            for (var i = 0; i < items.Length; i++)
            {
                if (i < tuple.Count)
                {
                    Check(tuple[i], items[i], Child(path, i.ToString(CultureInfo.InvariantCulture)), depth + 1);
                }
                else if (schema.AdditionalItems is { Pass: false })
                {
                    Add("array_no_additional_items", path, "No additional items allowed on array");
                    break;
                }
                else if (schema.AdditionalItems is { } additional)
                {
                    Check(additional, items[i], Child(path, i.ToString(CultureInfo.InvariantCulture)), depth + 1);
                }
            }
        }
        else if (schema.Items is { } each)
        {
            for (var i = 0; i < items.Length; i++)
            {
                Check(each, items[i], Child(path, i.ToString(CultureInfo.InvariantCulture)), depth + 1);
            }
        }
        if (schema.MinItems is { } min && items.Length < min) Add("array_min_items", path, $"Array must have at least {min} items");
        if (schema.MaxItems is { } max && items.Length > max) Add("array_max_items", path, $"Array must have at most {max} items");
        if (schema.UniqueItems)
        {
            for (var i = 0; i < items.Length; i++)
            {
                for (var j = i + 1; j < items.Length; j++)
                {
                    if (JsonEquals(items[i], items[j]))
                    {
                        Add("unique", path, $"array items[{i},{j}] must be unique");
                        i = items.Length;
                        break;
                    }
                }
            }
        }
        if (schema.Contains is { } contains && !items.Any(item => Sub(contains, item, path, depth + 1).Count == 0))
        {
            Add("contains", path, "At least one of the items must match");
        }
    }

    private void CheckObject(JsonSchema schema, RegoObject obj, string path, int depth)
    {
        if (schema.MinProperties is { } min && obj.Count < min) Add("array_min_properties", path, $"Must have at least {min} properties");
        if (schema.MaxProperties is { } max && obj.Count > max) Add("array_max_properties", path, $"Must have at most {max} properties");
        foreach (var required in schema.Required)
        {
            if (obj[required] is null)
            {
                Add("required", path, $"{required} is required");
            }
        }
        for (var i = 0; i < obj.Count; i++)
        {
            var name = obj.Keys[i] is RegoString s ? s.Value : obj.Keys[i].ToString();
            var value = obj.Values[i];
            var matched = false;
            if (schema.Properties.TryGetValue(name, out var propertySchema))
            {
                matched = true;
                Check(propertySchema, value, Child(path, name), depth + 1);
            }
            foreach (var (regex, _, patternSchema) in schema.PatternProperties)
            {
                if (regex.IsMatch(name))
                {
                    matched = true;
                    Check(patternSchema, value, Child(path, name), depth + 1);
                }
            }
            if (!matched && schema.AdditionalProperties is { } additional)
            {
                if (additional.Pass == false)
                {
                    Add("additional_property_not_allowed", path, $"Additional property {name} is not allowed");
                }
                else
                {
                    Check(additional, value, Child(path, name), depth + 1);
                }
            }
            if (schema.PropertyNames is { } names && Sub(names, RegoString.From(name), path, depth + 1).Count > 0)
            {
                Add("invalid_property_name", path, $"Property name of \"{name}\" does not match");
            }
        }
    }

    private static bool TypeMatches(string[] types, RegoValue value)
    {
        var actual = JsonSchema.TypeName(value);
        return types.Contains(actual) || (actual == "integer" && types.Contains("number"));
    }

    private static bool JsonEquals(RegoValue a, RegoValue b) =>
        a is RegoNumber x && b is RegoNumber y ? x.ToDouble() == y.ToDouble() : a.Equals(b);

    private static string FieldName(string path) => path.StartsWith("(root).", StringComparison.Ordinal) ? path[7..] : path;

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>The "format" checks gojsonschema performs by default; unknown formats pass, as the spec allows.</summary>
internal static class JsonSchemaFormats
{
    public static bool Matches(string format, string text) => format switch
    {
        "email" => text.IndexOf('@', StringComparison.Ordinal) is > 0 && text.IndexOf('@') < text.Length - 1,
        "ipv4" => NetAddress.TryParse(text, out var v4) && v4.IsV4 && !text.Contains(':', StringComparison.Ordinal),
        "ipv6" => text.Contains(':', StringComparison.Ordinal) && IPAddress.TryParse(text, out _),
        "date-time" => DateTimeOffset.TryParseExact(text.ToUpperInvariant(), ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "date" => DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "uri" => Uri.TryCreate(text, UriKind.Absolute, out _),
        "uri-reference" => Uri.TryCreate(text, UriKind.RelativeOrAbsolute, out _),
        "uuid" => Guid.TryParseExact(text, "D", out _),
        "hostname" => text.Length is > 0 and <= 255 && text.Split('.').All(label => label.Length is > 0 and <= 63
            && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && label[0] != '-' && label[^1] != '-'),
        "regex" => IsRegex(text),
        _ => true,
    };

    private static bool IsRegex(string text) => GoRegex.IsValid(text);
}
