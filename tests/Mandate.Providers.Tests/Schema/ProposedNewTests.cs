using Mandate.Providers.Cty.Json;
using Mandate.Providers.Schema;

namespace Mandate.Providers.Tests.Schema;

public sealed class ProposedNewTests
{
    // Fully spelled-out objects keep every row honest: each row states every attribute of the result.
    private const string EmptyBlocks = "\"rule\":[],\"tag_set\":[],\"settings\":null,\"by_name\":{},\"group\":{\"enabled\":null},\"key_schema\":[]";

    private static string Obj(string attributes, string? blocks = null) =>
        "{" + attributes + "," + (blocks ?? EmptyBlocks) + "}";

    private const string AllNullAttrs = "\"id\":null,\"name\":null,\"size\":null,\"arn\":null,\"tags_all\":null,\"description\":null,\"password\":null,\"legacy\":null";

    public static TheoryData<string, string?, string?, string?> Cases() => new()
    {
        {
            "create: computed attributes are null, blocks empty",
            null,
            Obj("\"name\":\"a\""),
            Obj("\"id\":null,\"name\":\"a\",\"size\":null,\"arn\":null,\"tags_all\":null,\"description\":null,\"password\":null,\"legacy\":null")
        },
        {
            "update: computed attributes null in config keep prior values",
            Obj("\"id\":\"i-1\",\"name\":\"a\",\"size\":1,\"arn\":\"arn:1\",\"tags_all\":{\"x\":\"y\"},\"description\":\"d\""),
            Obj("\"name\":\"b\",\"size\":1"),
            Obj("\"id\":\"i-1\",\"name\":\"b\",\"size\":1,\"arn\":\"arn:1\",\"tags_all\":{\"x\":\"y\"},\"description\":\"d\",\"password\":null,\"legacy\":null")
        },
        {
            "optional+computed set in config wins over prior",
            Obj("\"id\":\"i-1\",\"name\":\"a\",\"description\":\"old\""),
            Obj("\"name\":\"a\",\"description\":\"new\""),
            Obj("\"id\":\"i-1\",\"name\":\"a\",\"size\":null,\"arn\":null,\"tags_all\":null,\"description\":\"new\",\"password\":null,\"legacy\":null")
        },
        {
            "optional non-computed removed from config becomes null",
            Obj("\"id\":\"i-1\",\"name\":\"a\",\"size\":5"),
            Obj("\"name\":\"a\""),
            Obj("\"id\":\"i-1\",\"name\":\"a\",\"size\":null,\"arn\":null,\"tags_all\":null,\"description\":null,\"password\":null,\"legacy\":null")
        },
        {
            "unknown config value stays unknown",
            Obj("\"id\":\"i-1\",\"name\":\"a\""),
            Obj("\"name\":\"?\""),
            Obj("\"id\":\"i-1\",\"name\":\"?\",\"size\":null,\"arn\":null,\"tags_all\":null,\"description\":null,\"password\":null,\"legacy\":null")
        },
        {
            "list blocks correlate by index, extra config elements get null computed values",
            Obj(AllNullAttrs, "\"rule\":[{\"port\":80,\"rule_id\":\"r1\"},{\"port\":443,\"rule_id\":\"r2\"}],\"tag_set\":[],\"settings\":null,\"by_name\":{},\"group\":{\"enabled\":null},\"key_schema\":[]"),
            Obj(AllNullAttrs, "\"rule\":[{\"port\":80},{\"port\":8080},{\"port\":22}],\"tag_set\":[],\"settings\":null,\"by_name\":{},\"group\":{\"enabled\":null},\"key_schema\":[]"),
            Obj(AllNullAttrs, "\"rule\":[{\"port\":80,\"rule_id\":\"r1\"},{\"port\":8080,\"rule_id\":\"r2\"},{\"port\":22,\"rule_id\":null}],\"tag_set\":[],\"settings\":null,\"by_name\":{},\"group\":{\"enabled\":null},\"key_schema\":[]")
        },
        {
            "list block removed from config is empty",
            Obj(AllNullAttrs, "\"rule\":[{\"port\":80,\"rule_id\":\"r1\"}],\"tag_set\":[],\"settings\":null,\"by_name\":{},\"group\":{\"enabled\":null},\"key_schema\":[]"),
            Obj(AllNullAttrs),
            Obj(AllNullAttrs)
        },
        {
            "set blocks pair elements that agree on configured attributes",
            Obj(AllNullAttrs, "\"rule\":[],\"tag_set\":[{\"key\":\"a\",\"value\":\"1\",\"etag\":\"e1\"},{\"key\":\"b\",\"value\":\"2\",\"etag\":\"e2\"}],\"settings\":null,\"by_name\":{},\"group\":{\"enabled\":null},\"key_schema\":[]"),
            Obj(AllNullAttrs, "\"rule\":[],\"tag_set\":[{\"key\":\"b\",\"value\":\"2\"},{\"key\":\"c\",\"value\":\"3\"}],\"settings\":null,\"by_name\":{},\"group\":{\"enabled\":null},\"key_schema\":[]"),
            Obj(AllNullAttrs, "\"rule\":[],\"tag_set\":[{\"key\":\"b\",\"value\":\"2\",\"etag\":\"e2\"},{\"key\":\"c\",\"value\":\"3\",\"etag\":null}],\"settings\":null,\"by_name\":{},\"group\":{\"enabled\":null},\"key_schema\":[]")
        },
        {
            "set element whose configured value changed is not paired",
            Obj(AllNullAttrs, "\"rule\":[],\"tag_set\":[{\"key\":\"a\",\"value\":\"1\",\"etag\":\"e1\"}],\"settings\":null,\"by_name\":{},\"group\":{\"enabled\":null},\"key_schema\":[]"),
            Obj(AllNullAttrs, "\"rule\":[],\"tag_set\":[{\"key\":\"a\",\"value\":\"9\"}],\"settings\":null,\"by_name\":{},\"group\":{\"enabled\":null},\"key_schema\":[]"),
            Obj(AllNullAttrs, "\"rule\":[],\"tag_set\":[{\"key\":\"a\",\"value\":\"9\",\"etag\":null}],\"settings\":null,\"by_name\":{},\"group\":{\"enabled\":null},\"key_schema\":[]")
        },
        {
            "single block merges with prior",
            Obj(AllNullAttrs, "\"rule\":[],\"tag_set\":[],\"settings\":{\"mode\":\"x\",\"revision\":3},\"by_name\":{},\"group\":{\"enabled\":null},\"key_schema\":[]"),
            Obj(AllNullAttrs, "\"rule\":[],\"tag_set\":[],\"settings\":{\"mode\":\"y\"},\"by_name\":{},\"group\":{\"enabled\":null},\"key_schema\":[]"),
            Obj(AllNullAttrs, "\"rule\":[],\"tag_set\":[],\"settings\":{\"mode\":\"y\",\"revision\":3},\"by_name\":{},\"group\":{\"enabled\":null},\"key_schema\":[]")
        },
        {
            "single block removed from config is null",
            Obj(AllNullAttrs, "\"rule\":[],\"tag_set\":[],\"settings\":{\"mode\":\"x\",\"revision\":3},\"by_name\":{},\"group\":{\"enabled\":null},\"key_schema\":[]"),
            Obj(AllNullAttrs),
            Obj(AllNullAttrs)
        },
        {
            "map blocks correlate by key",
            Obj(AllNullAttrs, "\"rule\":[],\"tag_set\":[],\"settings\":null,\"by_name\":{\"k1\":{\"size\":1,\"uid\":\"u1\"},\"gone\":{\"size\":0,\"uid\":\"u0\"}},\"group\":{\"enabled\":null},\"key_schema\":[]"),
            Obj(AllNullAttrs, "\"rule\":[],\"tag_set\":[],\"settings\":null,\"by_name\":{\"k1\":{\"size\":2},\"k2\":{\"size\":3}},\"group\":{\"enabled\":null},\"key_schema\":[]"),
            Obj(AllNullAttrs, "\"rule\":[],\"tag_set\":[],\"settings\":null,\"by_name\":{\"k1\":{\"size\":2,\"uid\":\"u1\"},\"k2\":{\"size\":3,\"uid\":null}},\"group\":{\"enabled\":null},\"key_schema\":[]")
        },
        {
            "group block takes config values for non-computed attributes",
            Obj(AllNullAttrs, "\"rule\":[],\"tag_set\":[],\"settings\":null,\"by_name\":{},\"group\":{\"enabled\":true},\"key_schema\":[]"),
            Obj(AllNullAttrs),
            Obj(AllNullAttrs)
        },
        { "destroy: null config proposes null", Obj("\"id\":\"i-1\",\"name\":\"a\""), null, null },
        { "nothing before and nothing after", null, null, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Proposed_new_state_follows_Terraform_core(string name, string? prior, string? config, string? expected)
    {
        var type = TestSchemas.Resource.ImpliedType();
        var actual = ProposedNew.Compute(TestSchemas.Resource, TestSchemas.Value(type, prior), TestSchemas.Value(type, config));
        var want = TestSchemas.Value(type, expected);
        Assert.True(want.Equals(actual), $"{name}\nexpected {CtyPlainJson.ToView(want).ToJsonObject().ToJsonString()}\nactual   {CtyPlainJson.ToView(actual).ToJsonObject().ToJsonString()}");
    }

    [Fact]
    public void All_block_attributes_null_matches_an_empty_config()
    {
        var value = ProposedNew.AllBlockAttributesNull(TestSchemas.Resource);
        Assert.Equal(TestSchemas.Value(TestSchemas.Resource.ImpliedType(), Obj(AllNullAttrs)), value);
    }
}
