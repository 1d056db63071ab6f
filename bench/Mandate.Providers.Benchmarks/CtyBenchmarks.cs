using System.Buffers;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Mandate.Providers.Cty;
using Mandate.Providers.Cty.Json;
using Mandate.Providers.Cty.Msgpack;
using Mandate.Providers.Schema;

namespace Mandate.Providers.Benchmarks;

/// <summary>Codec costs for one table-sized resource value: what every plan/apply call pays per value.</summary>
[MemoryDiagnoser]
public class CtyBenchmarks
{
    private SchemaBlock _schema = null!;
    private CtyType _type = null!;
    private CtyValue _value = null!;
    private byte[] _msgpack = null!;
    private byte[] _json = null!;
    private JsonNode _config = null!;
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    [GlobalSetup]
    public void Setup()
    {
        _schema = BenchSchemas.TableLike();
        _type = _schema.ImpliedType();
        _config = JsonNode.Parse("""
            {"name":"orders","hash_key":"pk","range_key":"sk","read_capacity":5,"write_capacity":5,"stream_enabled":false,
             "tags":{"env":"dev","team":"core"},"setting_1":"a","setting_3":7,
             "attribute":[{"name":"pk","type":"S"},{"name":"sk","type":"N"}],
             "global_secondary_index":[{"name":"by_sk","hash_key":"sk","projection_type":"ALL","non_key_attributes":["x","y"]}],
             "ttl":{"enabled":true,"attribute_name":"expires"}}
            """)!;
        var validated = ConfigValidator.Validate(_schema, _config);
        _value = validated.Value ?? throw new InvalidOperationException(string.Join("; ", validated.Errors));
        _msgpack = CtyMsgpack.Encode(_value, _type);
        _json = CtyJson.Encode(_value.UnmarkDeep(), _type);
    }

    [Benchmark]
    public int MsgpackEncode()
    {
        _buffer.ResetWrittenCount();
        CtyMsgpack.Encode(_value, _type, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public CtyValue MsgpackDecode() => CtyMsgpack.Decode(_msgpack, _type);

    [Benchmark]
    public byte[] JsonEncode() => CtyJson.Encode(_value, _type);

    [Benchmark]
    public CtyValue JsonDecode() => CtyJson.Decode(_json, _type);

    [Benchmark]
    public CtyJsonView PlainView() => CtyPlainJson.ToView(_value);

    [Benchmark]
    public ConfigValidationResult ValidateConfig() => ConfigValidator.Validate(_schema, _config);

    [Benchmark]
    public CtyValue ProposedNewUpdate() => ProposedNew.Compute(_schema, _value, _value);
}
