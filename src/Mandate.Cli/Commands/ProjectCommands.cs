namespace Mandate.Cli.Commands;

using System.CommandLine;
using System.Text.Json.Nodes;
using Mandate.Cli.Remote;

/// <summary>`mandate project list | create | show` against a running server (REST /api/v1/projects).</summary>
internal static class ProjectCommands
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var project = new Command("project", "List, create and show projects on a Mandate server (--server, --key).");
        project.Subcommands.Add(List(stdout, stderr));
        project.Subcommands.Add(CreateProject(stdout, stderr));
        project.Subcommands.Add(Show(stdout, stderr));
        return project;
    }

    private static Command List(TextWriter stdout, TextWriter stderr)
    {
        var remote = new RemoteOptions();
        var paging = new PagingOptions();
        var space = new Option<string?>("--space") { Description = "Only projects in this space (default: every project you can read)." };
        var command = new Command("list", "List the projects you can read.") { space };
        paging.AddTo(command);
        remote.AddTo(command);
        command.SetAction((parsed, cancellation) => remote.RunAsync(parsed, stdout, stderr, async (client, ct) =>
        {
            var page = await client.GetAsync("projects", paging.Query(parsed).Add("space", parsed.GetValue(space)), ct);
            return new RemoteAnswer(page, json => HumanOutput.Table(json, "id", "name", "space_id", "labels", "description"));
        }, cancellation));
        return command;
    }

    private static Command CreateProject(TextWriter stdout, TextWriter stderr)
    {
        var remote = new RemoteOptions();
        var name = new Argument<string>("name") { Description = "The project's name, unique in its space." };
        var space = new Option<string?>("--space") { Description = "The space it belongs to (default: root)." };
        var description = new Option<string?>("--description") { Description = "What the project is for." };
        var labels = new Option<string[]>("--label") { Description = "A label (repeatable); autoattach:<label> policies apply to projects carrying it." };
        var providers = new Option<string[]>("--provider") { Description = "A provider it uses, as source[@constraint], e.g. hashicorp/aws@~>5.100 (repeatable)." };
        var command = new Command("create", "Create a project.") { name, space, description, labels, providers };
        remote.AddTo(command);
        command.SetAction((parsed, cancellation) => remote.RunAsync(parsed, stdout, stderr, async (client, ct) =>
        {
            var body = new JsonObject
            {
                ["name"] = parsed.GetValue(name),
                ["labels"] = new JsonArray([.. (parsed.GetValue(labels) ?? []).Select(l => (JsonNode)l)]),
                ["providers"] = new JsonArray([.. (parsed.GetValue(providers) ?? []).Select(ProviderOf)]),
            };
            if (parsed.GetValue(space) is { } s)
            {
                body["space"] = s;
            }

            if (parsed.GetValue(description) is { } d)
            {
                body["description"] = d;
            }

            var created = await client.PostAsync("projects", body, ct);
            return new RemoteAnswer(created, json => $"created project {HumanOutput.Text(json["name"])} ({HumanOutput.Text(json["id"])}) in space {HumanOutput.Text(json["space_id"])}");
        }, cancellation));
        return command;
    }

    private static Command Show(TextWriter stdout, TextWriter stderr)
    {
        var remote = new RemoteOptions();
        var project = new Argument<string>("project") { Description = "The project's id (prj_...) or name." };
        var command = new Command("show", "Show one project.") { project };
        remote.AddTo(command);
        command.SetAction((parsed, cancellation) => remote.RunAsync(parsed, stdout, stderr, async (client, ct) =>
        {
            var shown = await client.GetAsync("projects/" + MandateApiClient.Segment(parsed.GetValue(project)!), null, ct);
            return new RemoteAnswer(shown, json => HumanOutput.Fields(json, "id", "name", "space_id", "description", "labels", "providers", "created_by", "created_at", "updated_at"));
        }, cancellation));
        return command;
    }

    private static JsonNode ProviderOf(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var provider = new JsonObject { ["source"] = at < 0 ? text : text[..at] };
        if (at >= 0)
        {
            provider["version_constraint"] = text[(at + 1)..];
        }

        return provider;
    }
}

/// <summary><c>--limit</c> and <c>--cursor</c> for list commands.</summary>
internal sealed class PagingOptions
{
    private readonly Option<int?> _limit = new("--limit") { Description = "At most this many items (1-500, default 50)." };
    private readonly Option<string?> _cursor = new("--cursor") { Description = "Continue a previous list where it stopped (its 'more: --cursor' value)." };

    public void AddTo(Command command)
    {
        command.Options.Add(_limit);
        command.Options.Add(_cursor);
    }

    public Query Query(ParseResult parsed) => new Query().Add("limit", parsed.GetValue(_limit)).Add("cursor", parsed.GetValue(_cursor));
}
