// Usage: Mandate.Core.FaultHost <sqlite|postgres> <database> <provider binary> <provider version> <dynamodb endpoint>
//            <project id> <resource id> <table name> <BeforeApply|AfterApplyBeforeStateWrite> <lease milliseconds>
// Runs CreateAsync for one DynamoDB table and dies (Environment.FailFast) at the fault point. Exit code 3 means
// the fault point was never reached, which the test reports as a failure.
using System.Text.Json.Nodes;
using Mandate.Core.FaultHost;
using Mandate.Core.Pipeline;
using Mandate.Core.Pipeline.Worker;
using Mandate.Core.Policies;
using Mandate.Providers;
using Mandate.Providers.Lifecycle;
using Mandate.Providers.Plugin;
using Mandate.Providers.Pool;
using Mandate.Storage;

if (args.Length != 10)
{
    await Console.Error.WriteLineAsync("expected 10 arguments: dialect, database, provider binary, provider version, dynamodb endpoint, project, resource, table, fault point, lease ms");
    return 2;
}

var (dialect, database, binary, version, dynamo, projectId, resourceId, table, point, leaseMs) =
    (args[0], args[1], args[2], args[3], args[4], args[5], args[6], args[7], Enum.Parse<FaultPoint>(args[8]), int.Parse(args[9], System.Globalization.CultureInfo.InvariantCulture));

await using var store = dialect == "sqlite" ? MandateStores.OpenSqlite(database) : MandateStores.OpenPostgres(database);
await using var probe = await ProviderClient.StartAsync(new ProviderLaunchOptions { ExecutablePath = binary });
var schema = (await probe.GetProviderSchemaAsync()).Schema!;
var providerConfig = ObjectShape.FromPlainJson(schema.Provider.Block, $$"""
    {
      "region": "us-east-1", "access_key": "test", "secret_key": "test",
      "skip_credentials_validation": true, "skip_requesting_account_id": true, "skip_metadata_api_check": "true",
      "endpoints": [{ "dynamodb": "{{dynamo}}" }]
    }
    """);
var resolver = new FixedResolver(new ProviderSpec("registry.terraform.io/hashicorp/aws", version, binary, providerConfig));
await using var pool = new ProviderPool(new ProviderPoolOptions { MaxInstances = 1 });
var clock = TimeProvider.System;
var options = new OperationOptions { LeaseDuration = TimeSpan.FromMilliseconds(leaseMs), InlineWait = TimeSpan.FromMinutes(5) };
var service = new OperationService(store, new OperationPlanner(pool, resolver), new OperationApplier(store, pool, clock) { Faults = new FailFastAt(point) },
    new PolicyGate(store, new IntentPolicyEvaluator(), clock), clock, options);

var config = JsonNode.Parse($$"""
    {"name": "{{table}}", "hash_key": "id", "billing_mode": "PAY_PER_REQUEST", "attribute": [{"name": "id", "type": "S"}]}
    """)!.AsObject();
var result = await service.CreateAsync(new Actor("usr_alice", "Alice"), "crash-session", projectId, resourceId, "aws_dynamodb_table", config);
await Console.Error.WriteLineAsync($"the fault point {point} was never reached; the operation ended {result.Operation.Status}: {result.Operation.Error}");
return 3;
