using Mandate.Rego.Builtins;
using Mandate.Rego.Values;

namespace Mandate.Rego.Tests.Builtins;

public sealed class GraphAndSchemaTests
{
    private static RegoValue? Call(string name, params RegoValue[] operands) => BuiltinRegistry.Default.Invoke(name, operands);

    private static RegoValue J(string json) => RegoJson.Parse(json);

    [Fact]
    public void Reachable_follows_edges_and_ignores_unknown_nodes()
    {
        var graph = J("""{"a": ["b"], "b": ["c"], "c": ["a"], "d": [], "x": ["y"]}""");
        Assert.Equal(J("""["a", "b", "c"]"""), RegoJson.RoundTrip(Call("graph.reachable", graph, J("""["a"]"""))!));
        Assert.Equal(J("""["d"]"""), RegoJson.RoundTrip(Call("graph.reachable", graph, J("""["d", "zzz"]"""))!));
        var e = Assert.Throws<RegoEvalException>(() => Call("graph.reachable", graph, RegoString.From("a")));
        Assert.Equal("eval_type_error", e.Code);
        Assert.Equal("graph.reachable: operand 2 must be {array, set} but got string", e.Error.Message);
    }

    [Fact]
    public void Reachable_paths_stop_at_cycles_and_leaves()
    {
        var graph = J("""{"a": ["b", "c"], "b": ["a"], "c": [], "e": []}""");
        Assert.Equal(J("""[["a", "b"], ["a", "c"]]"""), RegoJson.RoundTrip(Call("graph.reachable_paths", graph, J("""["a"]"""))!));
        Assert.Equal(J("""[["e"]]"""), RegoJson.RoundTrip(Call("graph.reachable_paths", graph, J("""["e"]"""))!));
    }

    [Fact]
    public void Reachable_paths_respects_the_output_limit()
    {
        // A layered graph with 2^16 paths.
        var builder = new RegoObject.Builder();
        for (var i = 0; i < 16; i++)
        {
            builder.Set($"n{i}a", J($$"""["n{{i + 1}}a", "n{{i + 1}}b"]"""));
            builder.Set($"n{i}b", J($$"""["n{{i + 1}}a", "n{{i + 1}}b"]"""));
        }
        var context = new BuiltinContext(limits: new Mandate.Rego.EvalLimits { MaxBuiltinOutputSize = 10_000 });
        var e = Assert.Throws<RegoEvalException>(() => BuiltinRegistry.Default.Invoke(context, "graph.reachable_paths", builder.Build(), J("""["n0a"]""")));
        Assert.Equal("eval_limit_error", e.Code);
    }

    [Fact]
    public void Match_schema_reports_gojsonschema_errors()
    {
        var schema = J("""{"properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1}}, "required": ["id", "name"], "additionalProperties": false}""");
        var result = (RegoArray)Call("json.match_schema", J("""{"id": "x", "tags": [1], "extra": true}"""), schema)!;
        Assert.Equal(RegoBoolean.False, result[0]);
        var errors = ((RegoArray)result[1]).Items.ToArray().Select(e => ((RegoString)((RegoObject)e)["error"]!).Value).ToList();
        Assert.Equal(
        [
            "(root): name is required",
            "(root): Additional property extra is not allowed",
            "id: Invalid type. Expected: integer, given: string",
            "tags.0: Invalid type. Expected: string, given: integer",
        ], errors);
        Assert.Equal(J("[true, []]"), Call("json.match_schema", RegoString.From("""{"id": 5, "name": "n"}"""), schema));
    }

    [Theory]
    [InlineData("""{"type": "string", "minLength": 3}""", "\"ab\"", "(root): String length must be greater than or equal to 3")]
    [InlineData("""{"type": "number", "maximum": 5}""", "6", "(root): Must be less than or equal to 5")]
    [InlineData("""{"type": "number", "minimum": 5, "exclusiveMinimum": true}""", "5", "(root): Must be greater than 5")]
    [InlineData("""{"enum": ["a", "b"]}""", "\"c\"", "(root): (root) must be one of the following: \"a\", \"b\"")]
    [InlineData("""{"anyOf": [{"type": "string"}, {"type": "boolean"}]}""", "1", "(root): Must validate at least one schema (anyOf)")]
    [InlineData("""{"$ref": "#/definitions/pos", "definitions": {"pos": {"minimum": 0}}}""", "-1", "(root): Must be greater than or equal to 0")]
    [InlineData("""{"pattern": "^a+$"}""", "\"b\"", "(root): Does not match pattern '^a+$'")]
    [InlineData("""{"uniqueItems": true}""", "[1, 2, 1]", "(root): array items[0,2] must be unique")]
    public void Keywords_produce_their_first_error(string schema, string document, string firstError)
    {
        // A string document is JSON text, as in OPA.
        var result = (RegoArray)Call("json.match_schema", RegoString.From(document), J(schema))!;
        var first = (RegoObject)((RegoArray)result[1])[0];
        Assert.Equal(RegoString.From(firstError), first["error"]);
    }

    [Fact]
    public void Verify_schema_and_bad_schemas()
    {
        Assert.Equal(J("[true, null]"), Call("json.verify_schema", J("""{"type": "boolean"}""")));
        const string Message = "has a primitive type that is NOT VALID -- given: /unknown/ Expected valid values are:[array boolean integer number null object string]";
        Assert.Equal(RegoArray.From(RegoBoolean.False, RegoString.From("jsonschema: " + Message)), Call("json.verify_schema", RegoString.From("""{"type": "unknown"}""")));
        var e = Assert.Throws<RegoEvalException>(() => Call("json.match_schema", J("{}"), J("""{"type": "unknown"}""")));
        Assert.Equal("json.match_schema: " + Message, e.Error.Message);
        Assert.Equal(RegoArray.From(RegoBoolean.False, RegoString.From("jsonschema: invalid JSON string")), Call("json.verify_schema", RegoString.From("{")));
    }
}
