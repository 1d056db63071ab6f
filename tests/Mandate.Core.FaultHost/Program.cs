// Usage: Mandate.Core.FaultHost <sqlite|postgres> <database> <provider binary> <provider version> <provider settings JSON>
//            <project id> <resource id> <create:<resource type>|update> <config JSON (create) or merge patch JSON (update)>
//            <BeforeApply|AfterApplyBeforeStateWrite> <lease milliseconds>
// Runs one create or update through the pipeline (session "crash-session") and dies (Environment.FailFast) at the
// fault point. MANDATE_SECRET_KEY (base64 of 32 bytes), when set, is the key sealing sensitive values, as in
// `mandate serve`. Exit code 3 means the fault point was never reached, which the test reports as a failure.
using System.Text.Json.Nodes;
using Mandate.Core.FaultHost;
using Mandate.Core.Pipeline;
using Mandate.Core.Pipeline.Worker;
using Mandate.Core.Policies;
using Mandate.Core.Secrets;
using Mandate.Providers;
using Mandate.Providers.Lifecycle;
using Mandate.Providers.Plugin;
using Mandate.Providers.Pool;
using Mandate.Storage;

if (args.Length != 11)
{
    await Console.Error.WriteLineAsync("expected 11 arguments: dialect, database, provider binary, provider version, provider settings, project, resource, " +
        "create:<type> or update, config or patch, fault point, lease ms");
    return 2;
}

var (dialect, database, binary, version, settings, projectId, resourceId, kind, document, point, leaseMs) =
    (args[0], args[1], args[2], args[3], args[4], args[5], args[6], args[7], JsonNode.Parse(args[8])!.AsObject(), Enum.Parse<FaultPoint>(args[9]),
        int.Parse(args[10], System.Globalization.CultureInfo.InvariantCulture));

await using var store = dialect == "sqlite" ? MandateStores.OpenSqlite(database) : MandateStores.OpenPostgres(database);
await using var probe = await ProviderClient.StartAsync(new ProviderLaunchOptions { ExecutablePath = binary });
var schema = (await probe.GetProviderSchemaAsync()).Schema!;
var resolver = new FixedResolver(new ProviderSpec("registry.terraform.io/hashicorp/aws", version, binary, ObjectShape.FromPlainJson(schema.Provider.Block, settings)));
var secrets = Environment.GetEnvironmentVariable(SecretKeySource.KeyVariable) is { Length: > 0 } key
    ? new SecretProtector(SecretKey.FromBase64(key, SecretKeySource.KeyVariable))
    : null;
await using var pool = new ProviderPool(new ProviderPoolOptions { MaxInstances = 1 });
var clock = TimeProvider.System;
var options = new OperationOptions { LeaseDuration = TimeSpan.FromMilliseconds(leaseMs), InlineWait = TimeSpan.FromMinutes(5) };
var service = new OperationService(store, new OperationPlanner(pool, resolver, secrets),
    new OperationApplier(store, pool, clock, secrets) { Faults = new FailFastAt(point) },
    new PolicyGate(store, new IntentPolicyEvaluator(), clock), clock, options);

var actor = new Actor("usr_alice", "Alice");
var result = kind == "update"
    ? await service.UpdateAsync(actor, "crash-session", projectId, resourceId, document)
    : await service.CreateAsync(actor, "crash-session", projectId, resourceId, kind["create:".Length..], document);
await Console.Error.WriteLineAsync($"the fault point {point} was never reached; the operation ended {result.Operation.Status}: {result.Operation.Error}");
return 3;
