namespace Mandate.Mcp.Tools.Core;

using System.Text.Json.Nodes;
using Mandate.Core;
using Mandate.Core.Access;
using Mandate.Core.Application;
using Mandate.Core.Model;
using Mandate.Mcp.Catalog;

/// <summary>Projects: where resources live, and which one this session works in.</summary>
internal static class ProjectTools
{
    public static IEnumerable<ToolDescriptor> All()
    {
        yield return new ToolDescriptor(
            "project_list", "List projects",
            "Lists the projects you can read (id, name, space, labels, providers), by name. Use it to find the project to " +
            "work in, then project_use. Example: {} or {\"space\": \"team-a\", \"limit\": 10}.",
            new ToolParameters(
                new ToolParameter("space", ParameterType.String, "Only projects in this space and the spaces below it."),
                CoreCalls.CursorParameter, CoreCalls.LimitParameter()),
            ToolHints.Read, MandateAction.ProjectRead, ListAsync);

        yield return new ToolDescriptor(
            "project_describe", "Describe a project",
            "One project's details and how many resources it manages (first page of their ids). Use resource_list for the " +
            "full, filterable list. Example: {\"project\": \"payments\"}.",
            new ToolParameters(CoreCalls.ProjectParameter),
            ToolHints.Read, MandateAction.ProjectRead, DescribeAsync);

        yield return new ToolDescriptor(
            "project_use", "Use a project",
            "Makes a project this session's current one, so later tools can omit 'project'. Changes nothing on the server; " +
            "other sessions are unaffected. Example: {\"project\": \"payments\"}.",
            new ToolParameters(new ToolParameter("project", ParameterType.String, "Project id or name.", Required: true)),
            ToolHints.Read, MandateAction.ProjectRead, UseAsync);

        yield return new ToolDescriptor(
            "project_create", "Create a project",
            "Creates a project (a named set of resources in a space, with the providers it may use). Only when the user asks " +
            "for a new project; otherwise pick an existing one with project_list. Labels decide which policies attach " +
            "automatically. Example: {\"name\": \"sessions\", \"space\": \"root\", \"providers\": [\"hashicorp/aws ~> 5.100\"]}.",
            new ToolParameters(
                new ToolParameter("name", ParameterType.String, "Unique within its space, e.g. \"payments\".", Required: true),
                new ToolParameter("space", ParameterType.String, "The space it belongs to (default \"root\")."),
                new ToolParameter("description", ParameterType.String, "What the project is for."),
                new ToolParameter("labels", ParameterType.StringArray, "Labels such as \"production\"; policies labelled autoattach:<label> then apply."),
                new ToolParameter("providers", ParameterType.StringArray, "Provider requirements \"<source> [constraint]\", e.g. \"hashicorp/aws ~> 5.100\".")),
            new ToolHints(ReadOnly: false, Destructive: false, Idempotent: false, OpenWorld: false),
            MandateAction.ProjectCreate, CreateAsync);
    }

    private static async ValueTask<ToolOutcome> ListAsync(ToolCall call, CancellationToken cancellationToken)
    {
        SpaceId? space = call.String("space") is { } s ? Space(s) : null;
        var page = await call.Core().Projects.ListAsync(call.Context(), space, call.Page(), cancellationToken);
        var result = Views.Page("projects", page, p => Views.Project(p));
        if (call.Session.CurrentProject is { } current)
        {
            result["current"] = current;
        }

        return ToolOutcome.Json(result);
    }

    private static async ValueTask<ToolOutcome> DescribeAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var project = await call.ProjectAsync(cancellationToken);
        var resources = await call.Core().Resources.ListAsync(call.Context(), project.Id, null, new(null, CoreCalls.MaxPage), cancellationToken);
        var result = Views.Project(project);
        result["resources"] = Views.Strings(resources.Items.Select(r => $"{r.ResourceId} ({r.Type})"));
        if (resources.NextCursor is not null)
        {
            result["more_resources"] = "use resource_list with cursor to see the rest";
        }

        return ToolOutcome.Json(result);
    }

    private static async ValueTask<ToolOutcome> UseAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var project = await call.ProjectAsync(cancellationToken);
        call.Session.CurrentProject = project.Id;
        return ToolOutcome.Json(new JsonObject { ["current"] = Views.Project(project) });
    }

    private static async ValueTask<ToolOutcome> CreateAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var request = new ProjectCreateRequest(
            Space(call.String("space") ?? SpaceId.Root.Value),
            call.RequiredString("name"),
            call.String("description") ?? "",
            call.Strings("labels"),
            [.. call.Strings("providers").Select(Requirement)]);
        var project = await call.Core().Projects.CreateAsync(call.Context(), request, cancellationToken);
        return ToolOutcome.Json(new JsonObject { ["created"] = Views.Project(project), ["next"] = "call project_use to work in it" });
    }

    private static SpaceId Space(string value) => SpaceId.TryParse(value, out var id)
        ? id
        : throw new MandateException(MandateErrorCodes.InvalidArgument, $"'{value}' is not a space id (lower-case letters, digits and '-')");

    private static ProviderRequirement Requirement(string text)
    {
        var parts = text.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            throw new MandateException(MandateErrorCodes.InvalidArgument, "an empty provider requirement; write \"hashicorp/aws\" or \"hashicorp/aws ~> 5.100\"");
        }

        return new ProviderRequirement(parts[0], parts.Length > 1 ? parts[1] : "", null);
    }
}
