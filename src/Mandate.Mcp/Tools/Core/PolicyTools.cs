namespace Mandate.Mcp.Tools.Core;

using System.Text.Json.Nodes;
using Mandate.Core;
using Mandate.Core.Access;
using Mandate.Core.Application;
using Mandate.Mcp.Catalog;

/// <summary>Intent policies: read them; for policy authors, write, attach and try them out.</summary>
internal static partial class PolicyTools
{
    private static readonly ToolParameter PolicyId = new("policy", ParameterType.String, "Policy id or name (policy_list shows them).", Required: true);

    private static readonly ToolHints Write = new(ReadOnly: false, Destructive: false, Idempotent: false, OpenWorld: false);

    public static IEnumerable<ToolDescriptor> All()
    {
        yield return new ToolDescriptor(
            "policy_list", "List policies",
            "Lists the intent policies you can read (id, name, space, labels, version). Policies are Rego that judge every " +
            "change: deny wins, allow lets it through, neither → pending review. Example: {\"space\": \"root\"}.",
            new ToolParameters(
                new ToolParameter("space", ParameterType.String, "Only policies in this space."),
                CoreCalls.CursorParameter, CoreCalls.LimitParameter()),
            ToolHints.Read, MandateAction.PolicyRead, ListAsync);

        yield return new ToolDescriptor(
            "policy_get", "Get a policy",
            "One policy with the Rego source of its current version. Read it to explain to the user why a change was denied or " +
            "needs review. Example: {\"policy\": \"no-public-buckets\"}.",
            new ToolParameters(PolicyId),
            ToolHints.Read, MandateAction.PolicyRead, GetAsync);

        yield return new ToolDescriptor(
            "policy_create", "Create a policy",
            "Creates an intent policy (policy authors). The Rego is compiled first; errors come back with line and column. It " +
            "applies to projects it is attached to (policy_attach), or automatically through labels autoattach:* / " +
            "autoattach:<project label>. Try it first with policy_test. Example: {\"name\": \"no-public-buckets\", \"rego\": " +
            "\"package spacelift\\ndeny contains \\\"public ACL\\\" if input.resource.proposed_state.acl == \\\"public-read\\\"\"}.",
            new ToolParameters(
                new ToolParameter("name", ParameterType.String, "Unique within its space.", Required: true),
                new ToolParameter("rego", ParameterType.String, "The Rego source (package spacelift; rules deny, allow, sample).", Required: true),
                new ToolParameter("space", ParameterType.String, "The space it belongs to (default \"root\")."),
                new ToolParameter("description", ParameterType.String, "What it enforces, for people."),
                new ToolParameter("labels", ParameterType.StringArray, "Labels, e.g. \"autoattach:production\".")),
            Write, MandateAction.PolicyWrite, CreateAsync);

        yield return new ToolDescriptor(
            "policy_update", "Update a policy",
            "Changes a policy's Rego, description or labels (policy authors); each change is a new version, earlier ones are " +
            "kept. Compare a new Rego with policy_evaluate_draft before saving it. Example: {\"policy\": \"no-public-buckets\", " +
            "\"description\": \"Buckets must stay private\"}.",
            new ToolParameters(PolicyId,
                new ToolParameter("rego", ParameterType.String, "New Rego source."),
                new ToolParameter("description", ParameterType.String, "New description."),
                new ToolParameter("labels", ParameterType.StringArray, "New labels (replace the old ones).")),
            Write, MandateAction.PolicyWrite, UpdateAsync);

        yield return new ToolDescriptor(
            "policy_attach", "Attach a policy",
            "Attaches a policy to a project, so it judges the project's changes (policy authors). Example: {\"policy\": " +
            "\"no-public-buckets\", \"project\": \"payments\"}.",
            new ToolParameters(PolicyId, CoreCalls.ProjectParameter),
            new ToolHints(ReadOnly: false, Destructive: false, Idempotent: true, OpenWorld: false),
            MandateAction.PolicyAttach, AttachAsync);

        yield return new ToolDescriptor(
            "policy_detach", "Detach a policy",
            "Detaches a policy from a project: it stops judging the project's changes (label-based attachment is unaffected). " +
            "Confirm with the user. Example: {\"policy\": \"no-public-buckets\", \"project\": \"payments\"}.",
            new ToolParameters(PolicyId, CoreCalls.ProjectParameter),
            new ToolHints(ReadOnly: false, Destructive: true, Idempotent: true, OpenWorld: false),
            MandateAction.PolicyDetach, DetachAsync);

        foreach (var tool in TryOutTools())
        {
            yield return tool;
        }
    }

    private static async ValueTask<ToolOutcome> ListAsync(ToolCall call, CancellationToken cancellationToken)
    {
        SpaceId? space = call.String("space") is { } s ? Space(s) : null;
        var page = await call.Core().Policies.ListAsync(call.Context(), space, call.Page(), cancellationToken);
        return ToolOutcome.Json(Views.Page("policies", page, p => Views.Policy(p)));
    }

    private static async ValueTask<ToolOutcome> GetAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var details = await call.Core().Policies.GetAsync(call.Context(), call.RequiredString("policy"), cancellationToken: cancellationToken);
        var result = Views.Policy(details.Policy);
        result["rego"] = details.Rego;
        return ToolOutcome.Json(result);
    }

    private static async ValueTask<ToolOutcome> CreateAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var request = new PolicyCreateRequest(Space(call.String("space") ?? SpaceId.Root.Value), call.RequiredString("name"), call.RequiredString("rego"),
            call.String("description") ?? "", call.Strings("labels"));
        var policy = await call.Core().Policies.CreateAsync(call.Context(), request, cancellationToken);
        return ToolOutcome.Json(new JsonObject { ["created"] = Views.Policy(policy), ["next"] = "attach it with policy_attach unless a label attaches it" });
    }

    private static async ValueTask<ToolOutcome> UpdateAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var policy = await PolicyAsync(call, cancellationToken);
        var labels = call.Arguments.ContainsKey("labels") ? call.Strings("labels") : null;
        if (call.String("rego") is null && call.String("description") is null && labels is null)
        {
            throw new MandateException(MandateErrorCodes.InvalidArgument, "nothing to change; give rego, description and/or labels");
        }

        var updated = await call.Core().Policies.UpdateAsync(call.Context(), policy.Id,
            new PolicyUpdateRequest(call.String("rego"), call.String("description"), labels), cancellationToken);
        return ToolOutcome.Json(new JsonObject { ["updated"] = Views.Policy(updated) });
    }

    private static async ValueTask<ToolOutcome> AttachAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var policy = await PolicyAsync(call, cancellationToken);
        var project = await call.ProjectAsync(cancellationToken);
        await call.Core().Policies.AttachAsync(call.Context(), policy.Id, project.Id, cancellationToken);
        return ToolOutcome.Json(new JsonObject { ["attached"] = policy.Name, ["project"] = project.Name });
    }

    private static async ValueTask<ToolOutcome> DetachAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var policy = await PolicyAsync(call, cancellationToken);
        var project = await call.ProjectAsync(cancellationToken);
        var detached = await call.Core().Policies.DetachAsync(call.Context(), policy.Id, project.Id, cancellationToken);
        return ToolOutcome.Json(new JsonObject { ["detached"] = detached, ["policy"] = policy.Name, ["project"] = project.Name });
    }

    private static async Task<Mandate.Core.Model.PolicyRecord> PolicyAsync(ToolCall call, CancellationToken cancellationToken) =>
        (await call.Core().Policies.GetAsync(call.Context(), call.RequiredString("policy"), cancellationToken: cancellationToken)).Policy;

    private static SpaceId Space(string value) => SpaceId.TryParse(value, out var id)
        ? id
        : throw new MandateException(MandateErrorCodes.InvalidArgument, $"'{value}' is not a space id (lower-case letters, digits and '-')");
}
