using Mandate.Rego.Values;

namespace Mandate.Rego.Tests.Values;

public sealed class RegoJsonTests
{
    [Fact]
    public void Round_trips_json_with_exact_numbers()
    {
        const string json = """{"a":[1,2.5,null,true,"x"],"big":123456789012345678901234567890,"o":{"k":-0.125}}""";
        Assert.Equal(json, RegoJson.Serialize(RegoJson.Parse(json)));
    }

    [Fact]
    public void Sets_become_sorted_arrays_and_non_string_keys_their_json_text()
    {
        var b = new RegoObject.Builder();
        b.Set(RegoNumber.From(1), RegoSet.From(RegoString.From("b"), RegoString.From("a")));
        Assert.Equal("""{"1":["a","b"]}""", RegoJson.Serialize(b.Build()));
    }

    [Fact]
    public void Html_escaping_matches_go_when_asked()
    {
        Assert.Equal("\"\\u003ca\\u003e\"", RegoJson.Serialize(RegoString.From("<a>"), escapeHtml: true));
        Assert.Equal("\"<a>\"", RegoJson.Serialize(RegoString.From("<a>")));
    }

    [Fact]
    public void Object_lookup_by_string_finds_keys_among_mixed_kinds()
    {
        var b = new RegoObject.Builder();
        b.Set(RegoNumber.From(1), RegoString.From("one"));
        b.Set("k", RegoString.From("kay"));
        b.Set(RegoArray.Empty, RegoNull.Instance);
        var o = b.Build();
        Assert.Equal(RegoString.From("kay"), o["k"]);
        Assert.Null(o["missing"]);
        Assert.Equal(RegoString.From("one"), o[RegoNumber.From(1)]);
    }
}
