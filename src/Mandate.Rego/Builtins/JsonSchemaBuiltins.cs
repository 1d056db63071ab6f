using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>
/// <c>json.verify_schema</c> and <c>json.match_schema</c>. Schemas and documents are JSON strings or Rego
/// objects/arrays. Compiled schemas are kept per schema value instance: values are immutable, and a policy's
/// schema is usually a constant term that every evaluation passes again, so it compiles once per process.
/// </summary>
internal static class JsonSchemaBuiltins
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<RegoValue, JsonSchema> Compiled = new();

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
    public static RegoValue MatchSchema(RegoValue document, RegoValue schema)
    {
        var value = Load(document);
        if (!Compiled.TryGetValue(schema, out var compiled))
        {
            try
            {
                compiled = JsonSchema.Compile(Load(schema));
            }
            catch (JsonSchemaException ex)
            {
                throw new BuiltinException(ex.Message);
            }
            Compiled.AddOrUpdate(schema, compiled);
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
