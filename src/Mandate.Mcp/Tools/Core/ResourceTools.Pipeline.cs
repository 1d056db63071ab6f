namespace Mandate.Mcp.Tools.Core;

using System.Text.Json.Nodes;
using Mandate.Core;
using Mandate.Core.Access;
using Mandate.Core.Application;
using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Mandate.Mcp.Catalog;

/// <summary>
/// Plan, refresh and import. Core's facade does not wrap these pipeline calls yet, so each is authorized here
/// through Core's own <see cref="AccessGuard"/> (same rules, refusals audited) before the pipeline runs;
/// when the facade gains them these handlers should call it instead.
/// </summary>
internal static partial class ResourceTools
{
    private static IEnumerable<ToolDescriptor> PipelineTools()
    {
        yield return new ToolDescriptor(
            "resource_plan", "Plan a change",
            "Dry run of a create, update or delete: what the provider would change, attribute by attribute (replacements " +
            "marked), and what the project's policies would decide. Applies nothing, changes nothing. Always call it before " +
            "resource_create/update/delete and show the user the result. Give resource_type + config for a create, patch for " +
            "an update, or delete: true. Example: {\"resource_id\": \"sessions\", \"resource_type\": \"aws_dynamodb_table\", " +
            "\"config\": {\"name\": \"sessions\", \"hash_key\": \"id\", \"attribute\": [{\"name\": \"id\", \"type\": \"S\"}]}}.",
            new ToolParameters(CoreCalls.ProjectParameter,
                new ToolParameter("resource_id", ParameterType.String, "The resource's id (new for a create).", Required: true),
                new ToolParameter("resource_type", ParameterType.String, "For a create: the resource type."),
                new ToolParameter("config", ParameterType.Object, "For a create: the configuration."),
                new ToolParameter("patch", ParameterType.Object, "For an update: merge patch over the stored config (or whole config with replace_config)."),
                new ToolParameter("replace_config", ParameterType.Boolean, "For an update: 'patch' is the complete new configuration."),
                new ToolParameter("delete", ParameterType.Boolean, "Plan deleting the resource.")),
            new ToolHints(ReadOnly: true, Destructive: false, Idempotent: true, OpenWorld: true),
            MandateAction.ResourcePlan, PlanAsync);

        yield return new ToolDescriptor(
            "resource_refresh", "Refresh a resource",
            "Reads the real object through its provider and reports drift (attributes whose real value differs from Mandate's " +
            "state). Taking the real state is judged by policy and recorded as a new state version; the stored config never " +
            "changes. Use it when the user suspects changes made outside Mandate. Example: {\"resource_id\": \"sessions\"}.",
            new ToolParameters(CoreCalls.ProjectParameter, ResourceId),
            new ToolHints(ReadOnly: false, Destructive: false, Idempotent: true, OpenWorld: true),
            MandateAction.ResourceRefresh, RefreshAsync);

        yield return new ToolDescriptor(
            "resource_import", "Import a resource",
            "Brings an object that already exists in the cloud under Mandate's management, by the id its provider knows it by " +
            "(judged by policy; nothing in the cloud changes). Use it instead of resource_create when the object exists. " +
            "Example: {\"resource_id\": \"legacy-table\", \"resource_type\": \"aws_dynamodb_table\", \"import_id\": \"legacy\"}.",
            new ToolParameters(CoreCalls.ProjectParameter,
                new ToolParameter("resource_id", ParameterType.String, "A new id for it in the project.", Required: true),
                new ToolParameter("resource_type", ParameterType.String, "The resource type, e.g. \"aws_s3_bucket\".", Required: true),
                new ToolParameter("import_id", ParameterType.String, "The provider's id for the object (bucket name, table name, ARN…).", Required: true),
                new ToolParameter("config", ParameterType.Object, "The config to store for it; derived from the imported state when omitted.")),
            new ToolHints(ReadOnly: false, Destructive: false, Idempotent: true, OpenWorld: true),
            MandateAction.ResourceImport, ImportAsync);
    }

    private static async ValueTask<ToolOutcome> PlanAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var resourceId = call.RequiredString("resource_id");
        var project = await AuthorizeAsync(call, resourceId, MandateAction.ResourcePlan, cancellationToken);
        var preview = await call.Core().OperationService.PlanAsync(call.Context().Actor, project.Id, resourceId, Intent(call), cancellationToken);
        var result = new JsonObject
        {
            ["resource"] = preview.ResourceId,
            ["kind"] = preview.Kind.ToWire(),
            ["plan"] = new JsonObject
            {
                ["action"] = preview.Action,
                ["changes"] = new JsonArray([.. preview.Changes.Select(c => (JsonNode)ChangeView(c))]),
            },
            ["decision"] = Views.Decision(preview.Decision),
            ["plan_hash"] = preview.PlanHash,
        };
        if (preview.Dependents.Count > 0)
        {
            result["dependents"] = Views.Strings(preview.Dependents);
        }

        result["next"] = preview.Decision.Outcome switch
        {
            Mandate.Core.Policies.PolicyOutcome.Denied => "policy would deny this: change the request before making it",
            Mandate.Core.Policies.PolicyOutcome.PendingReview => "this would wait for an approver; tell the user before making the change",
            _ => "show the user the changes; make the change only once they agree",
        };
        return ToolOutcome.Json(result);
    }

    private static async ValueTask<ToolOutcome> RefreshAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var resourceId = call.RequiredString("resource_id");
        var project = await AuthorizeAsync(call, resourceId, MandateAction.ResourceRefresh, cancellationToken);
        var ctx = call.Context();
        var outcome = await call.Core().OperationService.RefreshAsync(ctx.Actor, ctx.SessionId, project.Id, resourceId, cancellationToken);
        var result = Views.Operation(outcome.Operation);
        result["gone"] = outcome.Gone;
        result["drift"] = new JsonArray([.. outcome.Drift.Select(d => (JsonNode)new JsonObject
        {
            ["path"] = d.Path,
            ["stored"] = d.Stored?.DeepClone(),
            ["real"] = d.Real?.DeepClone(),
        })]);
        if (outcome.Gone)
        {
            result["next"] = "the object was not found: check region/endpoint with the user; resource_eject forgets it, resource_delete removes it";
        }

        return ToolOutcome.Json(result);
    }

    private static async ValueTask<ToolOutcome> ImportAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var resourceId = call.RequiredString("resource_id");
        var project = await AuthorizeAsync(call, resourceId, MandateAction.ResourceImport, cancellationToken);
        var ctx = call.Context();
        var result = await call.Core().OperationService.ImportAsync(ctx.Actor, ctx.SessionId, project.Id, resourceId,
            call.RequiredString("resource_type"), call.RequiredString("import_id"), call.Object("config"), cancellationToken);
        return Outcome(result);
    }

    private static async Task<ProjectRecord> AuthorizeAsync(ToolCall call, string resourceId, MandateAction action, CancellationToken cancellationToken)
    {
        var project = await call.ProjectAsync(cancellationToken);
        await call.Core().Guard.AuthorizeAsync(call.Context(), SpaceId.TryParse(project.SpaceId, out var space) ? space : SpaceId.Root,
            action, AuditTarget.Resource(project.Id, resourceId), cancellationToken);
        return project;
    }

    private static PlanIntent Intent(ToolCall call)
    {
        if (call.Bool("delete"))
        {
            return PlanIntent.Delete();
        }

        if (call.Object("patch") is { } patch)
        {
            return PlanIntent.Update(patch, call.Bool("replace_config"));
        }

        if (call.String("resource_type") is { } type && call.Object("config") is { } config)
        {
            return PlanIntent.Create(type, config);
        }

        throw new MandateException(MandateErrorCodes.InvalidArgument,
            "say what to plan: resource_type and config for a create, patch for an update, or delete: true");
    }

    private static JsonObject ChangeView(AttributeChange c)
    {
        var change = new JsonObject { ["path"] = c.Path, ["change"] = c.Change };
        if (c.Before is not null)
        {
            change["before"] = c.Before.DeepClone();
        }

        if (c.UnknownAfterApply)
        {
            change["after"] = "(known after apply)";
        }
        else if (c.After is not null)
        {
            change["after"] = c.After.DeepClone();
        }

        if (c.ForcesReplacement)
        {
            change["forces_replacement"] = true;
        }

        return change;
    }
}
