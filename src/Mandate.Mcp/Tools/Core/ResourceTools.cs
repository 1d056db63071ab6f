namespace Mandate.Mcp.Tools.Core;

using System.Text.Json.Nodes;
using Mandate.Core.Access;
using Mandate.Mcp.Catalog;

/// <summary>Resources: read them, and change them through the policy-gated pipeline.</summary>
internal static partial class ResourceTools
{
    private static readonly ToolParameter ResourceId = new("resource_id", ParameterType.String,
        "The resource's id in the project, e.g. \"sessions-table\" (resource_list shows them).", Required: true);

    private static readonly ToolHints Change = new(ReadOnly: false, Destructive: false, Idempotent: false, OpenWorld: true);

    public static IEnumerable<ToolDescriptor> All()
    {
        yield return new ToolDescriptor(
            "resource_list", "List resources",
            "Lists a project's managed resources (id, type, provider, state version, dependencies), ordered by id, a page at " +
            "a time. Use resource_get for one resource's configuration and state. Example: {\"type\": \"aws_s3_bucket\", \"limit\": 20}.",
            new ToolParameters(CoreCalls.ProjectParameter,
                new ToolParameter("type", ParameterType.String, "Only resources of this type, e.g. \"aws_dynamodb_table\"."),
                CoreCalls.CursorParameter, CoreCalls.LimitParameter()),
            ToolHints.Read, MandateAction.ResourceRead, ListAsync);

        yield return new ToolDescriptor(
            "resource_get", "Get a resource",
            "One resource: its configuration as requested and its current state as the provider reported it (sensitive values " +
            "redacted). Use it before resource_update to see what is set. Example: {\"resource_id\": \"sessions-table\"}.",
            new ToolParameters(CoreCalls.ProjectParameter, ResourceId),
            ToolHints.Read, MandateAction.ResourceRead, GetAsync);

        yield return new ToolDescriptor(
            "resource_dependencies", "Resource dependencies",
            "What a resource references ({\"$ref\": \"id.attr\"} in its config) and which resources reference it. Check it before " +
            "deleting or ejecting: dependents block both unless deleted first. Example: {\"resource_id\": \"logs-bucket\"}.",
            new ToolParameters(CoreCalls.ProjectParameter, ResourceId),
            ToolHints.Read, MandateAction.ResourceRead, DependenciesAsync);

        yield return new ToolDescriptor(
            "resource_create", "Create a resource",
            "Creates a cloud resource through its provider, after the project's policies judge the plan: allowed → applied now; " +
            "denied → nothing happens and the reasons are returned; no decision → pending_review until an approver decides. " +
            "Plan first with resource_plan and show the user. Config uses the attribute names of resource_type_schema; " +
            "reference another resource's attribute with {\"$ref\": \"<resource_id>.<attribute>\"}. Example: {\"resource_id\": " +
            "\"sessions\", \"resource_type\": \"aws_dynamodb_table\", \"config\": {\"name\": \"sessions\", \"hash_key\": \"id\", " +
            "\"billing_mode\": \"PAY_PER_REQUEST\", \"attribute\": [{\"name\": \"id\", \"type\": \"S\"}]}}.",
            new ToolParameters(CoreCalls.ProjectParameter,
                new ToolParameter("resource_id", ParameterType.String, "A new id for the resource in the project: letters, digits, '-' and '_'.", Required: true),
                new ToolParameter("resource_type", ParameterType.String, "The provider resource type, e.g. \"aws_s3_bucket\".", Required: true),
                new ToolParameter("config", ParameterType.Object, "The resource's configuration as JSON (attributes and blocks of its schema).", Required: true)),
            Change, MandateAction.ResourceCreate, CreateAsync);

        yield return new ToolDescriptor(
            "resource_update", "Update a resource",
            "Changes a resource's configuration: 'patch' is a JSON merge patch over the current config (null removes a key), or " +
            "the whole new config with replace_config true. Judged by policy like a create; a change the provider cannot make in " +
            "place REPLACES the resource (destroy + create) — plan first and warn the user. Example: {\"resource_id\": " +
            "\"sessions\", \"patch\": {\"tags\": {\"team\": \"web\"}}}.",
            new ToolParameters(CoreCalls.ProjectParameter, ResourceId,
                new ToolParameter("patch", ParameterType.Object, "Merge patch over the stored config (or the whole config with replace_config).", Required: true),
                new ToolParameter("replace_config", ParameterType.Boolean, "Treat 'patch' as the complete new configuration (default false).")),
            new ToolHints(ReadOnly: false, Destructive: true, Idempotent: true, OpenWorld: true),
            MandateAction.ResourceUpdate, UpdateAsync);

        yield return new ToolDescriptor(
            "resource_delete", "Delete a resource",
            "DESTROYS a resource in the cloud (data in it is lost), after policy judges the delete. Confirm with the user first. " +
            "Refused while other resources depend on it, unless cascade is true (dependents are deleted first, each judged). " +
            "To stop managing without destroying, use resource_eject. Example: {\"resource_id\": \"old-bucket\"}.",
            new ToolParameters(CoreCalls.ProjectParameter, ResourceId,
                new ToolParameter("cascade", ParameterType.Boolean, "Also delete the resources that depend on it (default false).")),
            new ToolHints(ReadOnly: false, Destructive: true, Idempotent: true, OpenWorld: true),
            MandateAction.ResourceDelete, DeleteAsync);

        yield return new ToolDescriptor(
            "resource_eject", "Eject a resource",
            "Stops managing a resource WITHOUT destroying it: Mandate forgets its state (history keeps the eject), the cloud object " +
            "stays. Use when the user wants to hand a resource to another tool; use resource_delete to destroy. Confirm first. " +
            "Example: {\"resource_id\": \"legacy-queue\"}.",
            new ToolParameters(CoreCalls.ProjectParameter, ResourceId),
            new ToolHints(ReadOnly: false, Destructive: true, Idempotent: true, OpenWorld: false),
            MandateAction.ResourceEject, EjectAsync);

        foreach (var tool in PipelineTools())
        {
            yield return tool;
        }
    }

    private static async ValueTask<ToolOutcome> ListAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var project = await call.ProjectAsync(cancellationToken);
        var page = await call.Core().Resources.ListAsync(call.Context(), project.Id, call.String("type"), call.Page(), cancellationToken);
        var result = Views.Page("resources", page, r => Views.Resource(r));
        result["project"] = project.Name;
        return ToolOutcome.Json(result);
    }

    private static async ValueTask<ToolOutcome> GetAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var project = await call.ProjectAsync(cancellationToken);
        var view = await call.Core().Resources.GetAsync(call.Context(), project.Id, call.RequiredString("resource_id"), cancellationToken);
        return ToolOutcome.Json(Views.ResourceDetail(view));
    }

    private static async ValueTask<ToolOutcome> DependenciesAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var project = await call.ProjectAsync(cancellationToken);
        var graph = await call.Core().Resources.DependenciesAsync(call.Context(), project.Id, call.RequiredString("resource_id"), cancellationToken);
        return ToolOutcome.Json(new JsonObject
        {
            ["resource"] = graph.ResourceId,
            ["depends_on"] = Views.Strings(graph.DependsOn),
            ["dependents"] = Views.Strings(graph.Dependents),
        });
    }

    private static async ValueTask<ToolOutcome> CreateAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var project = await call.ProjectAsync(cancellationToken);
        var result = await call.Core().Resources.CreateAsync(call.Context(), project.Id, call.RequiredString("resource_id"),
            call.RequiredString("resource_type"), call.Object("config")!, cancellationToken);
        return Outcome(result);
    }

    private static async ValueTask<ToolOutcome> UpdateAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var project = await call.ProjectAsync(cancellationToken);
        var result = await call.Core().Resources.UpdateAsync(call.Context(), project.Id, call.RequiredString("resource_id"),
            call.Object("patch")!, call.Bool("replace_config"), cancellationToken);
        return Outcome(result);
    }

    private static async ValueTask<ToolOutcome> DeleteAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var project = await call.ProjectAsync(cancellationToken);
        var results = await call.Core().Resources.DeleteAsync(call.Context(), project.Id, call.RequiredString("resource_id"), call.Bool("cascade"), cancellationToken);
        return ToolOutcome.Json(new JsonObject { ["operations"] = new JsonArray([.. results.Select(r => (JsonNode)Views.Result(r))]) });
    }

    private static async ValueTask<ToolOutcome> EjectAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var project = await call.ProjectAsync(cancellationToken);
        var operation = await call.Core().Resources.EjectAsync(call.Context(), project.Id, call.RequiredString("resource_id"), cancellationToken);
        var result = Views.Operation(operation);
        result["note"] = "Mandate no longer manages this resource; the cloud object still exists";
        return ToolOutcome.Json(result);
    }

    /// <summary>A pipeline result; a denial is a tool error (so clients flag it) carrying the policy's reasons.</summary>
    internal static ToolOutcome Outcome(Mandate.Core.Pipeline.OperationResult result)
    {
        var view = Views.Result(result);
        if (result.Operation.Status == Mandate.Core.Model.OperationStatus.Denied)
        {
            return ToolOutcome.Error(Mandate.Core.MandateErrorCodes.PolicyDenied,
                "denied by policy: " + string.Join("; ", result.Decision?.DenyReasons ?? []),
                "show the user these reasons and change the request so it complies; do not retry it unchanged",
                view);
        }

        return ToolOutcome.Json(view);
    }
}
