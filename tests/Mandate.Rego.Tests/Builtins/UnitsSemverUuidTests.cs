using Mandate.Rego.Builtins;
using Mandate.Rego.Values;
using static Mandate.Rego.Tests.Builtins.BuiltinTestKit;

namespace Mandate.Rego.Tests.Builtins;

public sealed class UnitsSemverUuidTests
{
    [Theory]
    [InlineData("\"\\\"100TIB\\\"\"", "109951162777600")]
    [InlineData("\"0\"", "0")]
    [InlineData("\".0\"", "0")]
    [InlineData("\"10KB\"", "10000")]
    [InlineData("\"10Kib\"", "10240")]
    [InlineData("\"1.1KiB\"", "1126")]
    [InlineData("\"1.1KB\"", "1100")]
    [InlineData("\"1e3\"", "1000")]
    [InlineData("\"300GiB\"", "322122547200")]
    public void Parse_bytes(string input, string expected) => AssertJson(expected, "units.parse_bytes", input);

    [Theory]
    [InlineData("\"1G\"", "1000000000")]
    [InlineData("\"1Gi\"", "1073741824")]
    [InlineData("\"1m\"", "0.001")]
    [InlineData("\"1M\"", "1000000")]
    [InlineData("\"1.5k\"", "1500")]
    [InlineData("\"100m\"", "0.1")]
    [InlineData("\"1e-3\"", "0.001")]
    public void Parse(string input, string expected) => AssertJson(expected, "units.parse", input);

    [Theory]
    [InlineData("units.parse", "\"\"", "units.parse: units.parse: no amount provided")]
    [InlineData("units.parse", "\"G\"", "units.parse: units.parse: no amount provided")]
    [InlineData("units.parse", "\"0.0.0\"", "units.parse: units.parse: could not parse amount to a number")]
    [InlineData("units.parse", "\"100 k\"", "units.parse: units.parse: spaces not allowed in resource strings")]
    [InlineData("units.parse", "\"10e10000000Ei\"", "units.parse: units.parse: exponent too large")]
    [InlineData("units.parse", "\"1x\"", "units.parse: units.parse: unit x not recognized")]
    [InlineData("units.parse_bytes", "\"1xb\"", "units.parse_bytes: units.parse_bytes: byte unit xb not recognized")]
    public void Units_errors(string name, string input, string message) => AssertJsonError("eval_builtin_error", message, name, input);

    [Theory]
    [InlineData("1.0.0", "2.0.0", -1)]
    [InlineData("1.0.0", "1.0.0", 0)]
    [InlineData("1.0.0-alpha", "1.0.0", -1)]
    [InlineData("1.0.0-alpha.1", "1.0.0-alpha.beta", -1)]
    [InlineData("1.0.0-beta.11", "1.0.0-beta.2", 1)]
    [InlineData("1.0.0+build.1", "1.0.0+build.2", 0)]
    [InlineData("10.0.0", "9.0.0", 1)]
    public void Semver_compare(string a, string b, int expected) =>
        Assert.Equal(RegoNumber.From(expected), Call("semver.compare", S(a), S(b)));

    [Theory]
    [InlineData("1.0.0", true)]
    [InlineData("1.0.0-rc.1+b.5", true)]
    [InlineData("1", false)]
    [InlineData("v1.0.0", false)]
    [InlineData("01.0.0", false)]
    [InlineData("1.0.0-01", false)]
    public void Semver_is_valid(string v, bool expected) => Assert.Equal(RegoBoolean.From(expected), Call("semver.is_valid", S(v)));

    [Fact]
    public void Semver_compare_names_the_invalid_operand() =>
        AssertError("eval_builtin_error", "semver.compare: operand 2: string \"1\" is not a valid SemVer", "semver.compare", S("1.0.0"), S("1"));

    [Fact]
    public void Uuid_parse_decodes_version_2_fields() =>
        Assert.Equal(J("{\"clocksequence\":12800,\"domain\":\"Person\",\"id\":1000,\"macvariables\":\"local:unicast\",\"nodeid\":\"32-50-96-b3-9f-47\",\"time\":1693566990121469600,\"variant\":\"RFC4122\",\"version\":2}"),
            Call("uuid.parse", S("urn:uuid:000003e8-48b9-21ee-b200-325096b39f47")));

    [Theory]
    [InlineData("{00000000-0000-4000-8000-000000000000}")]
    [InlineData("(00000000-0000-4000-8000-000000000000)")]
    [InlineData("00000000000040008000000000000000")]
    public void Uuid_parse_accepts_googles_forms(string text) =>
        Assert.Equal(J("{\"variant\":\"RFC4122\",\"version\":4}"), Call("uuid.parse", S(text)));

    [Fact]
    public void Uuid_parse_of_garbage_is_undefined() => Assert.Null(Call("uuid.parse", S("not-a-uuid")));

    [Fact]
    public void Uuid_rfc4122_is_a_v4_uuid_stable_per_key()
    {
        var ctx = new BuiltinContext(seed: 7);
        var a = Assert.IsType<RegoString>(Call(ctx, "uuid.rfc4122", S("k")));
        Assert.Equal(a, Call(ctx, "uuid.rfc4122", S("k")));
        Assert.NotEqual(a, Call(ctx, "uuid.rfc4122", S("other")));
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", a.Value);
    }
}
