namespace Mandate.Pipeline.Benchmarks;

using System.Text.Json.Nodes;
using Mandate.Core.Model;
using Mandate.TestFixtures;

/// <summary>Realistic inputs: the seed document's example policies, verbatim, and an aws_dynamodb_table state.</summary>
internal static class BenchData
{
    public const string Provider = "registry.terraform.io/hashicorp/aws";
    public const string ProviderVersion = "5.100.0";

    /// <summary>The shape of a table's state as the AWS provider reports it (every attribute, most of them defaults).</summary>
    public static JsonObject TableState(string name) => JsonNode.Parse($$"""
        {"arn": "arn:aws:dynamodb:us-east-1:123456789012:table/{{name}}", "attribute": [{"name": "id", "type": "S"}],
         "billing_mode": "PAY_PER_REQUEST", "deletion_protection_enabled": false, "global_secondary_index": [], "hash_key": "id",
         "id": "{{name}}", "import_table": [], "local_secondary_index": [], "name": "{{name}}", "on_demand_throughput": [],
         "point_in_time_recovery": [{"enabled": false, "recovery_period_in_days": 0}], "range_key": null, "read_capacity": 0,
         "replica": [], "restore_date_time": null, "restore_source_name": null, "restore_source_table_arn": null,
         "restore_to_latest_time": null, "server_side_encryption": [], "stream_arn": "", "stream_enabled": false, "stream_label": "",
         "stream_view_type": "", "table_class": "STANDARD", "tags": {"team": "core"}, "tags_all": {"team": "core"}, "timeouts": null,
         "ttl": [{"attribute_name": "", "enabled": false}], "write_capacity": 0}
        """)!.AsObject();

    /// <summary>The "package …" blocks of the seed's examples, read from the shared seed document rather than retyped.</summary>
    public static IReadOnlyList<string> SeedPolicies()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Shared, "seeds", "001_83cf2403b1b0ac9b.txt"));
        var policies = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("package ", StringComparison.Ordinal))
            {
                continue;
            }

            var end = Array.FindIndex(lines, i + 1, l => l.EndsWith('»'));
            policies.Add(string.Join('\n', lines[i..(end < 0 ? lines.Length : end)]).Trim());
        }

        return policies;
    }

    public static ProjectRecord Project(string name) =>
        new(Ids.New("prj"), "root", name, "", ["bench"], [], "usr_bench", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);

    public static ResourceRecord Resource(ProjectRecord project, string resourceId, string stateJson, long version = 1) =>
        new(project.Id, resourceId, "aws_dynamodb_table", Provider, ProviderVersion, $$"""{"name": "{{resourceId}}", "hash_key": "id"}""", stateJson, [], 1, [],
            version, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
}
