using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>
/// <c>json.verify_schema</c> and <c>json.match_schema</c>. Schemas and documents are JSON strings or Rego
/// objects/arrays. A compiled schema is memoised per query, since policies usually match many documents
/// against the same schema.
/// </summary>
internal static class JsonSchemaBuiltins
{
    [RegoBuiltin("json.verify_schema")]
    public static RegoValue VerifySchema(RegoValue schema)
    {
        try
        {
            JsonSchema.Compile(Load(schema));
            return RegoArray.From(RegoBoolean.True, RegoNull.Instance);
        }
        catch (Exception ex) when (ex is JsonSchemaException or BuiltinException)
        {
            return RegoArray.From(RegoBoolean.False, RegoString.From("jsonschema: " + ex.Message));
        }
    }

    [RegoBuiltin("json.match_schema")]
    public static RegoValue MatchSchema(BuiltinContext context, RegoValue document, RegoValue schema)
    {
        var value = Load(document);
        var key = "json.match_schema:" + RegoJson.Serialize(schema);
        if (!context.Cache.TryGetValue(key, out var cached) || cached is not JsonSchema compiled)
        {
            try
            {
                compiled = JsonSchema.Compile(Load(schema));
            }
            catch (JsonSchemaException ex)
            {
                throw new BuiltinException(ex.Message);
            }
            context.Cache[key] = compiled;
        }
        List<JsonSchemaError> errors;
        try
        {
            errors = JsonSchemaValidator.Validate(compiled, value);
        }
        catch (JsonSchemaException ex)
        {
            throw new BuiltinException(ex.Message);
        }
        var list = new List<RegoValue>(errors.Count);
        foreach (var error in errors)
        {
            var o = new RegoObject.Builder();
            o.Set("error", RegoString.From(error.Text));
            o.Set("type", RegoString.From(error.Type));
            o.Set("field", RegoString.From(error.Field));
            o.Set("desc", RegoString.From(error.Description));
            list.Add(o.Build());
        }
        return RegoArray.From(RegoBoolean.From(errors.Count == 0), RegoArray.From(list));
    }

    // OPA's astValueToJSONSchemaLoader: JSON text, or an object/array taken as JSON (sets become arrays).
    private static RegoValue Load(RegoValue value) => value switch
    {
        RegoString text => RegoJson.TryParse(text.Value, out var parsed) ? parsed : throw new BuiltinException("invalid JSON string"),
        RegoObject or RegoArray => RegoJson.RoundTrip(value),
        _ => throw new BuiltinException("wrong type, expected string or object"),
    };
}
