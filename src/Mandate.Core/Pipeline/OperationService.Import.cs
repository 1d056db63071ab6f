namespace Mandate.Core.Pipeline;

using System.Text.Json.Nodes;
using Mandate.Core.Model;
using Mandate.Core.Secrets;
using Mandate.Providers.Cty;
using Mandate.Providers.Cty.Json;
using Mandate.Providers.Schema;

public sealed partial class OperationService
{
    /// <summary>
    /// Adopts an object that exists outside Mandate: the provider imports it by <paramref name="importId"/>
    /// (ImportResourceState, then ReadResource) and the result is judged by policy as operation <c>import</c>
    /// (current_state null, proposed_state the imported state). If allowed, it becomes resource
    /// <paramref name="resourceId"/> with state version 1. Its stored config is <paramref name="config"/> when
    /// given, else derived from the imported state (the attributes a user can set; see <see cref="ImportedConfig"/>).
    /// Nothing in the cloud changes.
    /// </summary>
    public async Task<OperationResult> ImportAsync(Actor actor, string sessionId, string projectId, string resourceId, string resourceType, string importId,
        JsonObject? config = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentException.ThrowIfNullOrEmpty(resourceType);
        if (string.IsNullOrWhiteSpace(importId))
        {
            throw new MandateException(MandateErrorCodes.InvalidArgument,
                $"an import needs the id the provider knows the object by (for {resourceType}, see the provider's import documentation), not an empty string");
        }

        var project = await ProjectAsync(projectId, cancellationToken);
        if (await store.Resources.GetAsync(project.Id, resourceId, cancellationToken) is not null)
        {
            throw new MandateException(MandateErrorCodes.AlreadyExists,
                $"resource '{resourceId}' already exists in project '{project.Name}'; import under another resource_id");
        }

        await _locks.AcquireAsync(project.Id, project.Name, sessionId, actor.Id, cancellationToken);
        var request = new JsonObject { ["resource_type"] = resourceType, ["import_id"] = importId };
        if (config is not null)
        {
            request["config"] = config.DeepClone();
        }

        var (read, plan, hash, configJson) = await ImportReportAsync(project, resourceId, request, null, cancellationToken);
        var decision = await DecideReadBackAsync(project, resourceId, OperationKind.Import, read, actor, cancellationToken);
        // A config given with the import is stored with the operation the way a create's is: its sensitive values sealed.
        if (request["config"] is JsonObject given)
        {
            request["config"] = JsonNode.Parse(planner.SealForStore(project.Id, read.Schema, given.ToJsonString())!);
        }

        var operation = NewReadBackOperation(actor, sessionId, project, resourceId, OperationKind.Import, request, plan, hash, decision);
        if (operation.Status != OperationStatus.Succeeded)
        {
            await store.Operations.CreateAsync(operation, cancellationToken);
            return new OperationResult(operation, decision, plan, null);
        }

        await WriteReadBackAsync(operation, pendingBefore: false, read, null, configJson, cancellationToken);
        return new OperationResult(operation, decision, plan, View(read, read.Real));
    }

    private async Task<(ReadBack Read, JsonObject Plan, string Hash, string ConfigJson)> ImportReportAsync(ProjectRecord project, string resourceId,
        JsonObject request, ResourceRecord? existing, CancellationToken cancellationToken)
    {
        if (existing is not null)
        {
            throw new MandateException(MandateErrorCodes.AlreadyExists,
                $"resource '{resourceId}' was created in project '{project.Name}' while the import waited; nothing was imported");
        }

        var type = request["resource_type"]!.GetValue<string>();
        var importId = request["import_id"]!.GetValue<string>();
        var read = await planner.ImportAsync(project, type, importId, cancellationToken);
        JsonObject config;
        if (planner.OpenSealed(project, request["config"] as JsonObject) is { } given)
        {
            var validation = ConfigValidator.Validate(read.Schema, given);
            if (!validation.IsValid)
            {
                throw new MandateException(MandateErrorCodes.InvalidArgument,
                    $"the configuration given for the imported {type} is not valid: {string.Join("; ", validation.Errors.Select(e => e.ToString()))}");
            }

            config = (JsonObject)given.DeepClone();
        }
        else
        {
            // Derived from the real values (sensitive ones included): the config is sealed when stored, and the provider needs them.
            config = ImportedConfig.Derive(read.Schema, (JsonObject)CtyPlainJson.ToView(read.Real!.Value, redactSensitive: false).Value!);
        }

        var changes = AttributeChanges.Between(read.Schema, CtyValue.Null(read.Schema.ImpliedType()), read.Real!.Value, Array.Empty<CtyPath>());
        // The plan (stored, shown to reviewers, hashed for approval) shows the config as reviewers see values: sensitive ones as
        // the marker. The real config goes to the store, sealed.
        var (plan, hash) = ReadBackPlan("import", read, changes,
            new JsonObject { ["import_id"] = importId, ["config"] = SealedJson.RedactSensitive(read.Schema, config) });
        return (read, plan, hash, config.ToJsonString());
    }
}
