using Mandate.Providers.Cty;
using Mandate.Providers.Schema;

namespace Mandate.Providers.Benchmarks;

/// <summary>
/// The provider schema benchmarks run against: the real AWS schema when <c>MANDATE_BENCH_SCHEMA_JSON</c> names a
/// <c>terraform providers schema -json</c> file, else a synthetic provider of the same order of size (1,500
/// resource types of ~40 attributes and a few nested blocks) so the benchmarks run anywhere.
/// </summary>
internal static class BenchSchemas
{
    public const string AwsAddress = "registry.terraform.io/hashicorp/aws";

    public static ProviderSchema Load(out string source)
    {
        if (Environment.GetEnvironmentVariable("MANDATE_BENCH_SCHEMA_JSON") is { Length: > 0 } path && File.Exists(path))
        {
            source = path;
            return SchemaJson.ReadProvidersDocument(File.ReadAllBytes(path))[AwsAddress];
        }

        source = "synthetic";
        return Synthetic();
    }

    /// <summary>A table-like resource type: the shape of aws_dynamodb_table without its exact names.</summary>
    public static SchemaBlock TableLike()
    {
        static SchemaAttribute A(string n, CtyType t, bool req = false, bool opt = false, bool comp = false) =>
            new() { Name = n, Type = t, Required = req, Optional = opt, Computed = comp };
        var attrs = new List<SchemaAttribute>
        {
            A("name", CtyType.String, req: true), A("arn", CtyType.String, comp: true), A("id", CtyType.String, opt: true, comp: true),
            A("hash_key", CtyType.String, opt: true, comp: true), A("range_key", CtyType.String, opt: true),
            A("read_capacity", CtyType.Number, opt: true, comp: true), A("write_capacity", CtyType.Number, opt: true, comp: true),
            A("stream_enabled", CtyType.Bool, opt: true), A("tags", CtyType.Map(CtyType.String), opt: true),
            A("tags_all", CtyType.Map(CtyType.String), opt: true, comp: true),
        };
        for (var i = 0; i < 20; i++) attrs.Add(A($"setting_{i}", i % 3 == 0 ? CtyType.Number : CtyType.String, opt: true));
        var attribute = new SchemaBlock { Attributes = new[] { A("name", CtyType.String, req: true), A("type", CtyType.String, req: true) }.ToDictionary(a => a.Name) };
        var index = new SchemaBlock
        {
            Attributes = new[] { A("name", CtyType.String, req: true), A("hash_key", CtyType.String, req: true), A("projection_type", CtyType.String, req: true), A("non_key_attributes", CtyType.Set(CtyType.String), opt: true) }.ToDictionary(a => a.Name),
        };
        return new SchemaBlock
        {
            Attributes = attrs.ToDictionary(a => a.Name),
            BlockTypes = new Dictionary<string, SchemaNestedBlock>
            {
                ["attribute"] = new() { TypeName = "attribute", Nesting = SchemaNesting.Set, Block = attribute },
                ["global_secondary_index"] = new() { TypeName = "global_secondary_index", Nesting = SchemaNesting.Set, Block = index },
                ["ttl"] = new() { TypeName = "ttl", Nesting = SchemaNesting.List, MaxItems = 1, Block = new SchemaBlock { Attributes = new[] { A("enabled", CtyType.Bool, opt: true), A("attribute_name", CtyType.String, opt: true) }.ToDictionary(a => a.Name) } },
            },
        };
    }

    private static ProviderSchema Synthetic()
    {
        var block = TableLike();
        var resources = Enumerable.Range(0, 1500).ToDictionary(i => i == 0 ? "aws_dynamodb_table" : $"aws_service{i % 200}_thing{i}", _ => new ResourceSchema { Version = 1, Block = block });
        return new ProviderSchema
        {
            Provider = new ResourceSchema { Block = SchemaBlock.Empty },
            ResourceTypes = resources,
            DataSources = resources.Take(600).ToDictionary(kv => kv.Key, kv => kv.Value),
        };
    }
}
