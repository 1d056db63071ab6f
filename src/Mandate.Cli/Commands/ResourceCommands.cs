namespace Mandate.Cli.Commands;

using System.CommandLine;
using System.Text.Json.Nodes;
using Mandate.Cli.Remote;

/// <summary>
/// `mandate resource …` against a running server: every change goes through the server's pipeline
/// (plan → policies → apply), so the answer is an operation: applied, denied with the policies' reasons,
/// or waiting for an approver.
/// </summary>
internal static class ResourceCommands
{
    public static Command Create(TextWriter stdout, TextWriter stderr, TextReader stdin)
    {
        var resource = new Command("resource", "List, inspect, plan and change a project's resources on a Mandate server (--server, --key).");
        resource.Subcommands.Add(List(stdout, stderr));
        resource.Subcommands.Add(Get(stdout, stderr));
        resource.Subcommands.Add(History(stdout, stderr));
        resource.Subcommands.Add(Plan(stdout, stderr, stdin));
        resource.Subcommands.Add(CreateResource(stdout, stderr, stdin));
        resource.Subcommands.Add(Update(stdout, stderr, stdin));
        resource.Subcommands.Add(Delete(stdout, stderr));
        resource.Subcommands.Add(Import(stdout, stderr, stdin));
        resource.Subcommands.Add(Simple("refresh", "Re-read the resource from the provider and record its current state.", stdout, stderr));
        resource.Subcommands.Add(Simple("eject", "Stop managing the resource without destroying it (it stays in the cloud).", stdout, stderr));
        return resource;
    }

    private static Option<string> ProjectOption() => new("--project", "-p") { Description = "The project's id (prj_...) or name.", Required = true };

    private static Argument<string> ResourceArgument() => new("resource") { Description = "The resource's id in the project, e.g. sessions-table." };

    private static Option<string> ConfigOption(string name, string description) => new(name) { Description = description + " Inline JSON, @file.json, or - for stdin." };

    private static Command List(TextWriter stdout, TextWriter stderr)
    {
        var (remote, paging, project) = (new RemoteOptions(), new PagingOptions(), ProjectOption());
        var type = new Option<string?>("--type") { Description = "Only resources of this type, e.g. aws_dynamodb_table." };
        var command = new Command("list", "List a project's resources.") { project, type };
        paging.AddTo(command);
        remote.AddTo(command);
        command.SetAction((parsed, cancellation) => remote.RunAsync(parsed, stdout, stderr, async (client, ct) =>
        {
            var path = await ResourcesPathAsync(client, parsed.GetValue(project)!, ct);
            var page = await client.GetAsync(path, paging.Query(parsed).Add("type", parsed.GetValue(type)), ct);
            return new RemoteAnswer(page, json => HumanOutput.Table(json, "resource_id", "type", "state_version", "provider_version", "updated_at"));
        }, cancellation));
        return command;
    }

    private static Command Get(TextWriter stdout, TextWriter stderr)
    {
        var (remote, project, resource) = (new RemoteOptions(), ProjectOption(), ResourceArgument());
        var command = new Command("get", "Show a resource: its configuration and state (sensitive values redacted).") { project, resource };
        remote.AddTo(command);
        command.SetAction((parsed, cancellation) => remote.RunAsync(parsed, stdout, stderr, async (client, ct) =>
        {
            var path = await ResourcePathAsync(client, parsed.GetValue(project)!, parsed.GetValue(resource)!, ct);
            var shown = await client.GetAsync(path, null, ct);
            return new RemoteAnswer(shown, json =>
                HumanOutput.Fields(json["resource"], "resource_id", "type", "provider_source", "provider_version", "state_version", "dependencies", "updated_at")
                + "\nconfig: " + HumanOutput.Text(json["config"]) + "\nstate:  " + HumanOutput.Text(json["state"])
                + (json["withheld"] is JsonNode withheld ? "\nwithheld: " + HumanOutput.Text(withheld) : string.Empty));
        }, cancellation));
        return command;
    }

    private static Command History(TextWriter stdout, TextWriter stderr)
    {
        var (remote, paging, project, resource) = (new RemoteOptions(), new PagingOptions(), ProjectOption(), ResourceArgument());
        var command = new Command("history", "List a resource's state versions, newest first: which operation, who, when.") { project, resource };
        paging.AddTo(command);
        remote.AddTo(command);
        command.SetAction((parsed, cancellation) => remote.RunAsync(parsed, stdout, stderr, async (client, ct) =>
        {
            var path = await ResourcePathAsync(client, parsed.GetValue(project)!, parsed.GetValue(resource)!, ct);
            var page = await client.GetAsync(path + "/history", paging.Query(parsed), ct);
            return new RemoteAnswer(page, json => HumanOutput.Table(json, "version", "kind", "operation_id", "actor", "created_at"));
        }, cancellation));
        return command;
    }

    private static Command Plan(TextWriter stdout, TextWriter stderr, TextReader stdin)
    {
        var (remote, project, resource) = (new RemoteOptions(), ProjectOption(), ResourceArgument());
        var operation = new Option<string>("--operation") { Description = "What to plan: create, update or delete.", DefaultValueFactory = _ => "update" };
        operation.AcceptOnlyFromAmong("create", "update", "delete");
        var type = new Option<string?>("--type") { Description = "The resource type (create only)." };
        var config = ConfigOption("--config", "The whole configuration (create, or update replacing it).");
        var patch = ConfigOption("--patch", "A JSON merge patch over the current configuration (update).");
        var command = new Command("plan", "Plan a change without applying it: the diff and what the policies decide.") { project, resource, operation, type, config, patch };
        remote.AddTo(command);
        command.SetAction((parsed, cancellation) => remote.RunAsync(parsed, stdout, stderr, async (client, ct) =>
        {
            var body = new JsonObject { ["operation"] = parsed.GetValue(operation) };
            if (parsed.GetValue(type) is { } t)
            {
                body["resource_type"] = t;
            }

            if (parsed.GetValue(config) is { } c)
            {
                body["config"] = JsonArgument.ReadObject("--config", c, stdin);
            }

            if (parsed.GetValue(patch) is { } p)
            {
                body["patch"] = JsonArgument.ReadObject("--patch", p, stdin);
            }

            var path = await ResourcePathAsync(client, parsed.GetValue(project)!, parsed.GetValue(resource)!, ct);
            var plan = await client.PostAsync(path + "/plan", body, ct);
            return new RemoteAnswer(plan, PlanText);
        }, cancellation));
        return command;
    }

    private static Command CreateResource(TextWriter stdout, TextWriter stderr, TextReader stdin)
    {
        var (remote, project, resource) = (new RemoteOptions(), ProjectOption(), ResourceArgument());
        var type = new Option<string>("--type") { Description = "The provider resource type, e.g. aws_dynamodb_table.", Required = true };
        var config = ConfigOption("--config", "The configuration.");
        config.Required = true;
        var command = new Command("create", "Create a resource; applied when policies allow, else denied or left for an approver.") { project, resource, type, config };
        remote.AddTo(command);
        command.SetAction((parsed, cancellation) => remote.RunAsync(parsed, stdout, stderr, async (client, ct) =>
        {
            var body = new JsonObject
            {
                ["resource_id"] = parsed.GetValue(resource),
                ["resource_type"] = parsed.GetValue(type),
                ["config"] = JsonArgument.ReadObject("--config", parsed.GetValue(config)!, stdin),
            };
            var path = await ResourcesPathAsync(client, parsed.GetValue(project)!, ct);
            return Outcome(await client.PostAsync(path, body, ct));
        }, cancellation));
        return command;
    }

    private static Command Update(TextWriter stdout, TextWriter stderr, TextReader stdin)
    {
        var (remote, project, resource) = (new RemoteOptions(), ProjectOption(), ResourceArgument());
        var patch = ConfigOption("--patch", "A JSON merge patch (RFC 7396) over the current configuration; null removes a key.");
        var config = ConfigOption("--config", "The whole new configuration, replacing the current one.");
        var command = new Command("update", "Update a resource's configuration (a merge patch, or the whole configuration).") { project, resource, patch, config };
        command.Validators.Add(result =>
        {
            if ((result.GetResult(patch) is null) == (result.GetResult(config) is null))
            {
                result.AddError("give exactly one of --patch (a merge patch) and --config (the whole configuration)");
            }
        });
        remote.AddTo(command);
        command.SetAction((parsed, cancellation) => remote.RunAsync(parsed, stdout, stderr, async (client, ct) =>
        {
            var path = await ResourcePathAsync(client, parsed.GetValue(project)!, parsed.GetValue(resource)!, ct);
            var answer = parsed.GetValue(patch) is { } p
                ? await client.PatchAsync(path, JsonArgument.ReadObject("--patch", p, stdin), MandateApiClient.MergePatchType, ct)
                : await client.PutAsync(path, new JsonObject { ["config"] = JsonArgument.ReadObject("--config", parsed.GetValue(config)!, stdin) }, ct);
            return Outcome(answer);
        }, cancellation));
        return command;
    }

    private static Command Delete(TextWriter stdout, TextWriter stderr)
    {
        var (remote, project, resource) = (new RemoteOptions(), ProjectOption(), ResourceArgument());
        var cascade = new Option<bool>("--cascade") { Description = "Delete the resources that depend on it first (each judged by policy)." };
        var command = new Command("delete", "Destroy a resource (refused while others depend on it, unless --cascade).") { project, resource, cascade };
        remote.AddTo(command);
        command.SetAction((parsed, cancellation) => remote.RunAsync(parsed, stdout, stderr, async (client, ct) =>
        {
            var path = await ResourcePathAsync(client, parsed.GetValue(project)!, parsed.GetValue(resource)!, ct);
            var answer = await client.DeleteAsync(path, new Query().Add("cascade", parsed.GetValue(cascade)), ct);
            return new RemoteAnswer(answer, json => string.Join('\n', (json["operations"]?.AsArray() ?? []).Select(HumanOutput.Operation)));
        }, cancellation));
        return command;
    }

    private static Command Import(TextWriter stdout, TextWriter stderr, TextReader stdin)
    {
        var (remote, project, resource) = (new RemoteOptions(), ProjectOption(), ResourceArgument());
        var type = new Option<string>("--type") { Description = "The provider resource type.", Required = true };
        var importId = new Option<string>("--import-id") { Description = "The cloud object's id as the provider knows it (e.g. a table name).", Required = true };
        var config = ConfigOption("--config", "The configuration to keep for it (default: derived from what is imported).");
        var command = new Command("import", "Bring an existing cloud object under management.") { project, resource, type, importId, config };
        remote.AddTo(command);
        command.SetAction((parsed, cancellation) => remote.RunAsync(parsed, stdout, stderr, async (client, ct) =>
        {
            var body = new JsonObject
            {
                ["resource_id"] = parsed.GetValue(resource),
                ["resource_type"] = parsed.GetValue(type),
                ["import_id"] = parsed.GetValue(importId),
            };
            if (parsed.GetValue(config) is { } c)
            {
                body["config"] = JsonArgument.ReadObject("--config", c, stdin);
            }

            var path = await ResourcesPathAsync(client, parsed.GetValue(project)!, ct);
            return Outcome(await client.PostAsync(path + "/import", body, ct));
        }, cancellation));
        return command;
    }

    private static Command Simple(string verb, string description, TextWriter stdout, TextWriter stderr)
    {
        var (remote, project, resource) = (new RemoteOptions(), ProjectOption(), ResourceArgument());
        var command = new Command(verb, description) { project, resource };
        remote.AddTo(command);
        command.SetAction((parsed, cancellation) => remote.RunAsync(parsed, stdout, stderr, async (client, ct) =>
        {
            var path = await ResourcePathAsync(client, parsed.GetValue(project)!, parsed.GetValue(resource)!, ct);
            var answer = await client.PostAsync($"{path}/{verb}", null, ct);
            return new RemoteAnswer(answer, json => string.Join('\n', new[] { HumanOutput.Operation(json["operation"]) }
                .Concat(json["gone"]?.GetValue<bool>() == true ? ["the object no longer exists in the cloud; its state is kept"] : [])
                .Concat((json["drift"]?.AsArray() ?? []).Select(d => $"  drift {HumanOutput.Text(d?["path"])}: {HumanOutput.Text(d?["stored"])} -> {HumanOutput.Text(d?["real"])}"))));
        }, cancellation));
        return command;
    }

    // The diff one attribute a line, then what the policies would decide and the hash an approval would name.
    private static string PlanText(JsonNode json)
    {
        var lines = new List<string> { $"{HumanOutput.Text(json["action"])} {HumanOutput.Text(json["resource_id"])}" };
        foreach (var change in json["changes"]?.AsArray() ?? [])
        {
            var after = change?["unknown_after_apply"]?.GetValue<bool>() == true ? "(known after apply)" : HumanOutput.Text(change?["after"]);
            var replace = change?["forces_replacement"]?.GetValue<bool>() == true ? "  # forces replacement" : string.Empty;
            lines.Add($"  {HumanOutput.Text(change?["change"])} {HumanOutput.Text(change?["path"])}: {HumanOutput.Text(change?["before"])} -> {after}{replace}");
        }

        var deny = json["decision"]?["deny_reasons"] as JsonArray;
        lines.Add($"decision: {HumanOutput.Text(json["decision"]?["outcome"])}" + (deny is { Count: > 0 } ? " (" + string.Join("; ", deny.Select(HumanOutput.Text)) + ")" : string.Empty));
        lines.Add($"plan hash: {HumanOutput.Text(json["plan_hash"])}");
        return string.Join('\n', lines);
    }

    // A change answers with its operation; one left for an approver is not a failure of the command.
    private static RemoteAnswer Outcome(JsonNode answer) => new(answer, json => HumanOutput.Operation(json["operation"]));

    private static async Task<string> ResourcesPathAsync(MandateApiClient client, string project, CancellationToken ct) =>
        $"projects/{MandateApiClient.Segment(await ProjectIds.ResolveAsync(client, project, ct))}/resources";

    private static async Task<string> ResourcePathAsync(MandateApiClient client, string project, string resource, CancellationToken ct) =>
        $"{await ResourcesPathAsync(client, project, ct)}/{MandateApiClient.Segment(resource)}";
}

/// <summary>Lets people name a project by name: anything not shaped like an id is looked up once.</summary>
internal static class ProjectIds
{
    public static async Task<string> ResolveAsync(MandateApiClient client, string project, CancellationToken ct)
    {
        if (project.StartsWith("prj_", StringComparison.Ordinal))
        {
            return project;
        }

        var found = await client.GetAsync("projects/" + MandateApiClient.Segment(project), null, ct);
        return found["id"]?.GetValue<string>() ?? project;
    }
}
