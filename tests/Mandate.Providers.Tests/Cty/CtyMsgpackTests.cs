using Mandate.Providers.Cty;
using Mandate.Providers.Cty.Msgpack;

namespace Mandate.Providers.Tests.Cty;

public sealed class CtyMsgpackTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    private static readonly CtyType TableType = CtyType.Object(new Dictionary<string, CtyType>
    {
        ["name"] = CtyType.String,
        ["count"] = CtyType.Number,
        ["tags"] = CtyType.Map(CtyType.String),
    });

    // Each row: value, type, bytes computed by hand from the msgpack spec and cty's rules.
    public static TheoryData<string, CtyValue, CtyType, string> Fixtures() => new()
    {
        { "null string", CtyValue.Null(CtyType.String), CtyType.String, "c0" },
        { "unknown string", CtyValue.Unknown(CtyType.String), CtyType.String, "d4 00 00" },
        { "unknown dynamic", CtyValue.DynamicUnknown, CtyType.Dynamic, "d4 00 00" },
        { "true", CtyValue.True, CtyType.Bool, "c3" },
        { "false", CtyValue.False, CtyType.Bool, "c2" },
        { "short string", CtyValue.String("abc"), CtyType.String, "a3 61 62 63" },
        { "32-byte string uses str8", CtyValue.String(new string('x', 32)), CtyType.String, "d9 20" + string.Concat(Enumerable.Repeat("78", 32)) },
        { "fixint", CtyValue.Number(5), CtyType.Number, "05" },
        { "uint8", CtyValue.Number(200), CtyType.Number, "cc c8" },
        { "uint16", CtyValue.Number(300), CtyType.Number, "cd 01 2c" },
        { "negative fixint", CtyValue.Number(-1), CtyType.Number, "ff" },
        { "int8", CtyValue.Number(-100), CtyType.Number, "d0 9c" },
        { "int64 min", CtyValue.Number(long.MinValue), CtyType.Number, "d3 80 00 00 00 00 00 00 00" },
        { "float64", CtyValue.Number(1.5), CtyType.Number, "cb 3f f8 00 00 00 00 00 00" },
        { "float64 0.1", CtyValue.Number(0.1), CtyType.Number, "cb 3f b9 99 99 99 99 99 9a" },
        { "big integer as string", CtyValue.Number(CtyNumber.Parse("123456789012345678901234567890")), CtyType.Number, "be 31 32 33 34 35 36 37 38 39 30 31 32 33 34 35 36 37 38 39 30 31 32 33 34 35 36 37 38 39 30" },
        { "above int64: decimal text", CtyValue.Number(CtyNumber.Parse("18446744073709551615")), CtyType.Number, "b4 31 38 34 34 36 37 34 34 30 37 33 37 30 39 35 35 31 36 31 35" },
        { "long decimal: text, not a rounded float", CtyValue.Number(CtyNumber.Parse("0.10000000000000000001")), CtyType.Number, "b6 30 2e 31 30 30 30 30 30 30 30 30 30 30 30 30 30 30 30 30 30 30 31" },
        { "1e21: an exact float64", CtyValue.Number(1e21), CtyType.Number, "cb 44 4b 1a e4 d6 e2 ef 50" },
        { "list", CtyValue.List(CtyType.String, [CtyValue.String("a"), CtyValue.String("b")]), CtyType.List(CtyType.String), "92 a1 61 a1 62" },
        { "empty list", CtyValue.EmptyList(CtyType.String), CtyType.List(CtyType.String), "90" },
        { "set sorted", CtyValue.Set(CtyType.Number, [CtyValue.Number(2), CtyValue.Number(1)]), CtyType.Set(CtyType.Number), "92 01 02" },
        { "map keys sorted", CtyValue.Map(CtyType.String, [new("b", CtyValue.String("2")), new("a", CtyValue.String("1"))]), CtyType.Map(CtyType.String), "82 a1 61 a1 31 a1 62 a1 32" },
        { "tuple", CtyValue.Tuple([CtyValue.String("a"), CtyValue.Number(1)]), CtyType.Tuple([CtyType.String, CtyType.Number]), "92 a1 61 01" },
        {
            "object with every attribute, sorted, null and unknown",
            CtyValue.Object(TableType, new Dictionary<string, CtyValue>
            {
                ["name"] = CtyValue.String("t"),
                ["count"] = CtyValue.Unknown(CtyType.Number),
                ["tags"] = CtyValue.Null(CtyType.Map(CtyType.String)),
            }),
            TableType,
            "83 a5 63 6f 75 6e 74 d4 00 00 a4 6e 61 6d 65 a1 74 a4 74 61 67 73 c0"
        },
        { "dynamic string", CtyValue.String("a"), CtyType.Dynamic, "92 c4 08 22 73 74 72 69 6e 67 22 a1 61" },
        { "dynamic null", CtyValue.DynamicNull, CtyType.Dynamic, "c0" },
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Encode_matches_the_hand_computed_bytes(string name, CtyValue value, CtyType type, string hex)
    {
        Assert.True(Hex(hex).AsSpan().SequenceEqual(CtyMsgpack.Encode(value, type)), $"{name}: got {Convert.ToHexString(CtyMsgpack.Encode(value, type))}");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Decode_of_the_bytes_gives_the_value_back(string name, CtyValue value, CtyType type, string hex)
    {
        var decoded = CtyMsgpack.Decode(Hex(hex), type);
        Assert.True(value.Equals(decoded), $"{name}: expected {value}, got {decoded}");
    }

    [Theory]
    [InlineData("ca 3f c0 00 00", "1.5")]         // float32
    [InlineData("a3 31 2e 35", "1.5")]            // number sent as a string
    [InlineData("cf ff ff ff ff ff ff ff ff", "18446744073709551615")]
    [InlineData("d2 ff ff ff 9c", "-100")]        // a non-compact int32 is still fine
    public void Decode_accepts_every_number_form(string hex, string expected)
    {
        Assert.Equal(CtyNumber.Parse(expected), CtyMsgpack.Decode(Hex(hex), CtyType.Number).AsNumber());
    }

    [Fact]
    public void Refined_unknown_decodes_as_unknown()
    {
        // ext8, length 3, type 0x0c, payload {1: false} ("definitely not null").
        var value = CtyMsgpack.Decode(Hex("c7 03 0c 81 01 c2"), CtyType.String);
        Assert.False(value.IsKnown);
        Assert.Equal(CtyType.String, value.Type);
    }

    [Fact]
    public void Missing_object_attributes_decode_as_null()
    {
        var value = CtyMsgpack.Decode(Hex("81 a4 6e 61 6d 65 a1 74"), TableType);
        Assert.True(value.GetAttribute("tags").IsNull);
        Assert.Equal("t", value.GetAttribute("name").AsString());
    }

    [Fact]
    public void Unknown_attribute_error_names_the_path()
    {
        var type = CtyType.Object(new Dictionary<string, CtyType> { ["inner"] = CtyType.List(TableType) });
        // {"inner": [{"bogus": nil}]}
        var e = Assert.Throws<CtyCodecException>(() => CtyMsgpack.Decode(Hex("81 a5 69 6e 6e 65 72 91 81 a5 62 6f 67 75 73 c0"), type));
        Assert.Equal("inner[0]", e.Path.ToString());
        Assert.Contains("unsupported attribute \"bogus\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_token_error_names_the_path_and_what_was_expected()
    {
        var e = Assert.Throws<CtyCodecException>(() => CtyMsgpack.Decode(Hex("81 a4 6e 61 6d 65 c3"), TableType));
        Assert.Equal("name", e.Path.ToString());
        Assert.Contains("expected a string", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_input_is_a_clear_error()
    {
        var e = Assert.Throws<CtyCodecException>(() => CtyMsgpack.Decode(Hex("a3 61"), CtyType.String));
        Assert.Contains("remain", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dynamic_object_round_trips_with_its_real_type()
    {
        var type = CtyType.Object(new Dictionary<string, CtyType> { ["any"] = CtyType.Dynamic });
        var inner = CtyValue.Object(new Dictionary<string, CtyValue> { ["n"] = CtyValue.Number(1), ["l"] = CtyValue.List(CtyType.Bool, [CtyValue.True]) });
        var value = CtyValue.Object(type, new Dictionary<string, CtyValue> { ["any"] = inner });
        var decoded = CtyMsgpack.Decode(CtyMsgpack.Encode(value, type), type);
        Assert.Equal(inner, decoded.GetAttribute("any"));
        Assert.Equal(inner.Type, decoded.GetAttribute("any").Type);
    }

    [Fact]
    public void Sensitive_marks_are_not_on_the_wire()
    {
        Assert.Equal(CtyMsgpack.Encode(CtyValue.String("s"), CtyType.String), CtyMsgpack.Encode(CtyValue.String("s").MarkSensitive(), CtyType.String));
    }

    [Fact]
    public void Nonconforming_value_is_refused_with_its_path()
    {
        var value = CtyValue.Object(new Dictionary<string, CtyValue> { ["count"] = CtyValue.String("x"), ["name"] = CtyValue.String("n"), ["tags"] = CtyValue.Null(CtyType.Map(CtyType.String)) });
        var e = Assert.Throws<CtyCodecException>(() => CtyMsgpack.Encode(value, TableType));
        Assert.Equal("count", e.Path.ToString());
    }
}
