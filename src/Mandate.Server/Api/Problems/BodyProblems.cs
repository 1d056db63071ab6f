namespace Mandate.Server.Api.Problems;

using System.Text.Json;
using System.Text.RegularExpressions;
using Mandate.Core;

/// <summary>
/// Turns System.Text.Json's and minimal-API binding's messages (written for .NET developers, naming CLR
/// types) into what an API client needs: which field, what was wrong, what is accepted.
/// </summary>
internal static partial class BodyProblems
{
    public static ApiProblem FromJson(JsonException json, string? instance)
    {
        var message = json.Message;
        var path = json.Path is { Length: > 0 } p ? p : null;
        var details = new Dictionary<string, object?>();
        if (path is not null)
        {
            details["path"] = path;
        }

        string detail;
        if (UnmappedMember().Match(message) is { Success: true } unmapped)
        {
            var field = unmapped.Groups["field"].Value;
            details["field"] = field;
            var accepted = AcceptedFields(unmapped.Groups["type"].Value);
            details["accepted_fields"] = accepted;
            detail = $"the request body has an unknown field '{field}' (at {path ?? "$." + field}); accepted fields here are: {string.Join(", ", accepted)}";
        }
        else if (MissingRequired().Match(message) is { Success: true } missing)
        {
            var fields = missing.Groups["fields"].Value;
            details["missing"] = fields.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(f => f.Trim('\'')).ToArray();
            detail = $"the request body is missing required field(s) {fields}";
        }
        else if (NullNotAllowed().Match(message) is { Success: true } nulled)
        {
            var field = path is null ? nulled.Groups["field"].Value : LastSegment(path);
            details["field"] = field;
            detail = $"field '{field}' may not be null";
        }
        else if (WrongType().Match(message) is { Success: true } wrong)
        {
            var expected = ExpectedAt(wrong.Groups["type"].Value, path);
            details["expected"] = expected;
            detail = $"field {path ?? "$"} has the wrong type: expected {expected}";
        }
        else if (json.LineNumber is { } line)
        {
            detail = $"the request body is not valid JSON (line {line + 1}, byte {json.BytePositionInLine + 1}): {FirstSentence(message)}";
        }
        else
        {
            detail = $"the request body could not be read: {FirstSentence(message)}";
        }

        return ApiProblem.From(MandateErrorCodes.InvalidArgument, detail, details, instance);
    }

    /// <summary>Rewrites a binding failure ("Failed to bind parameter "int limit" from "x"") in API terms.</summary>
    public static string DescribeBinding(string message)
    {
        if (FailedToBind().Match(message) is { Success: true } bind)
        {
            return $"parameter '{bind.Groups["name"].Value}' must be {JsonTypeName(bind.Groups["type"].Value)}; got '{bind.Groups["value"].Value}'";
        }

        if (MissingParameter().Match(message) is { Success: true } missing)
        {
            var source = missing.Groups["source"].Value;
            return source == "body"
                ? "the request needs a JSON body"
                : $"required {source} parameter '{missing.Groups["name"].Value}' was not given";
        }

        if (message.Contains("body", StringComparison.OrdinalIgnoreCase) && message.Contains("no body", StringComparison.OrdinalIgnoreCase))
        {
            return "the request needs a JSON body";
        }

        return FirstSentence(message);
    }

    private static string[] AcceptedFields(string clrTypeName)
    {
        var type = typeof(BodyProblems).Assembly.GetType(clrTypeName);
        if (type is null)
        {
            return [];
        }

        return ApiJson.Options.GetTypeInfo(type).Properties.Where(p => p.Set is not null || p.AssociatedParameter is not null)
            .Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
    }

    // The message names the type being read: the enum itself, or the object holding the field at the path.
    private static string ExpectedAt(string clrType, string? path)
    {
        var type = TypeNamed(clrType);
        if (type is not null && !type.IsEnum && path is not null)
        {
            var name = LastSegment(path);
            var property = ApiJson.Options.GetTypeInfo(type).Properties.FirstOrDefault(p => p.Name == name);
            if (property is not null)
            {
                var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                return propertyType != typeof(string) && propertyType.IsAssignableTo(typeof(System.Collections.IEnumerable))
                    && propertyType != typeof(System.Text.Json.Nodes.JsonObject)
                    ? "an array"
                    : JsonTypeName(propertyType.FullName ?? propertyType.Name);
            }
        }

        return JsonTypeName(clrType);
    }

    private static string LastSegment(string path)
    {
        var last = path.Split('.').Last();
        var bracket = last.IndexOf('[', StringComparison.Ordinal);
        return bracket > 0 ? last[..bracket] : last;
    }

    private static string JsonTypeName(string clrType)
    {
        if (TypeNamed(clrType) is { IsEnum: true } enumType)
        {
            var names = Enum.GetValues(enumType).Cast<object>().Select(v => JsonSerializer.Serialize(v, enumType, ApiJson.Options).Trim('"'));
            return "one of " + string.Join(", ", names);
        }

        var name = clrType.Split('.').Last().TrimEnd('?', ']', '[').Replace("Nullable`1[", string.Empty, StringComparison.Ordinal);
        return name switch
        {
            "String" or "string" => "a string",
            "Int32" or "Int64" or "int" or "long" => "an integer",
            "Boolean" or "bool" => "true or false",
            "Double" or "Decimal" or "double" => "a number",
            "DateTimeOffset" or "DateTime" => "an RFC 3339 timestamp",
            "JsonObject" => "a JSON object",
            _ when clrType.Contains("List", StringComparison.Ordinal) || clrType.EndsWith("[]", StringComparison.Ordinal) => "an array",
            _ => "an object",
        };
    }

    // "Mandate.Core.Access.Role" or "System.Nullable`1[Mandate.Core.Access.KeyScope]": the wire names of an enum say what is accepted.
    private static Type? TypeNamed(string clrType)
    {
        var name = clrType.StartsWith("System.Nullable`1[", StringComparison.Ordinal) ? clrType["System.Nullable`1[".Length..].TrimEnd(']') : clrType;
        name = name.Split(',')[0].Trim('[', ']');
        return AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(name)).FirstOrDefault(t => t is not null);
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).ReplaceLineEndings(" ").Trim();
    }

    [GeneratedRegex(@"The JSON property '(?<field>[^']*)' could not be mapped to any \.NET member contained in type '(?<type>[^']*)'")]
    private static partial Regex UnmappedMember();

    [GeneratedRegex(@"missing required properties including: (?<fields>.*?)\.?\s*(Path:|$)")]
    private static partial Regex MissingRequired();

    [GeneratedRegex(@"(?:property|parameter)(?: or field)? '(?<field>[^']*)' .*(?:doesn't allow|does not allow) (?:setting |getting )?null")]
    private static partial Regex NullNotAllowed();

    [GeneratedRegex(@"The JSON value could not be converted to (?<type>[^.\s]+(?:\.[^.\s]+)*)\.")]
    private static partial Regex WrongType();

    [GeneratedRegex("Failed to bind parameter \"(?<type>\\S+) (?<name>[^\"]+)\" from \"(?<value>[^\"]*)\"")]
    private static partial Regex FailedToBind();

    [GeneratedRegex("Required parameter \"(?<type>\\S+) (?<name>[^\"]+)\" was not provided from (?<source>\\w+)")]
    private static partial Regex MissingParameter();
}
