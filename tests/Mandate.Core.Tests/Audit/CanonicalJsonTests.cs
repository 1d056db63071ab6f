using System.Text.Json.Nodes;
using Mandate.Core.Audit;

namespace Mandate.Core.Tests.Audit;

public sealed class CanonicalJsonTests
{
    [Fact]
    public void Members_are_sorted_by_utf16_code_units_as_in_rfc_8785()
    {
        // The property-sorting example of RFC 8785 section 3.2.3.
        var json = """{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}""";

        var canonical = CanonicalJson.Canonicalize(json);

        var keys = JsonNode.Parse(canonical)!.AsObject().Select(p => p.Key).ToArray();
        Assert.Equal(["\r", "1", "\u0080", "\u00f6", "\u20ac", "\ud83d\ude00", "\ufb33"], keys);
    }

    [Fact]
    public void Whitespace_goes_and_nested_objects_are_sorted_too()
    {
        var canonical = CanonicalJson.Canonicalize("""
            { "b" : [ 3 , { "z": true, "a": null } ],
              "a" : { "y": false, "x": "s" } }
            """);

        Assert.Equal("""{"a":{"x":"s","y":false},"b":[3,{"a":null,"z":true}]}""", canonical);
    }

    [Fact]
    public void Strings_escape_only_quote_backslash_and_control_characters()
    {
        var node = new JsonObject { ["s"] = "q\" b\\ t\t n\n nul\u0000 us\u001f é € 😀 </script> &'" };

        Assert.Equal("{\"s\":\"q\\\" b\\\\ t\\t n\\n nul\\u0000 us\\u001f é € 😀 </script> &'\"}", CanonicalJson.Serialize(node));
    }

    [Fact]
    public void Numbers_are_kept_as_written()
    {
        Assert.Equal("""[1,1.0,1e3,-0.5,12345678901234567890]""", CanonicalJson.Canonicalize("[1, 1.0, 1e3, -0.5, 12345678901234567890]"));
        Assert.Equal("""{"d":0.1,"n":9007199254740993}""", CanonicalJson.Serialize(new JsonObject { ["n"] = 9007199254740993L, ["d"] = 0.1 }));
    }

    [Fact]
    public void Canonical_text_is_a_fixed_point()
    {
        var once = CanonicalJson.Canonicalize("""{"b":{"d":[1,"x"],"c":null},"a":"\u00e9\n"}""");

        Assert.Equal(once, CanonicalJson.Canonicalize(once));
    }

    [Fact]
    public void Unpaired_surrogates_are_refused()
    {
        var error = Assert.Throws<MandateException>(() => CanonicalJson.Serialize(new JsonObject { ["s"] = "a\ud800b" }));

        Assert.Equal(MandateErrorCodes.InvalidArgument, error.Code);
        Assert.Contains("U+D800", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_is_an_invalid_argument()
    {
        Assert.Equal(MandateErrorCodes.InvalidArgument, Assert.Throws<MandateException>(() => CanonicalJson.Canonicalize("{")).Code);
    }
}
