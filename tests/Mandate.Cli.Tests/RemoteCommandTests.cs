namespace Mandate.Cli.Tests;

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mandate.TestFixtures.Network;
using Mandate.TestFixtures.Processes;

/// <summary>
/// The remote commands (`project`, `resource`, `operation`, `approve`, `audit search`) against a real
/// `mandate serve` process, authenticated with the admin key it prints on first start.
/// </summary>
public sealed partial class RemoteCommandTests : IAsyncLifetime
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("mandate-remote-cli-").FullName;
    private ManagedProcess _server = null!;
    private string _url = null!;
    private string _adminKey = null!;

    public async Task InitializeAsync()
    {
        var port = FreePort.Next();
        _url = $"http://127.0.0.1:{port}";
        _server = MandateProgram.Start("serve", "--urls", _url, "--data-dir", _dataDir);
        await Readiness.WaitForTcpAsync(port, () => _server.HasExited, () => _server.RecentOutput);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        Match key;
        while (!(key = BootstrapKey().Match(_server.RecentOutput)).Success)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no bootstrap key printed: {_server.RecentOutput}");
            await Task.Delay(100);
        }

        _adminKey = key.Value;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task Projects_are_created_listed_and_shown_in_human_and_json_form()
    {
        var (createExit, created, createErr) = await Remote("project", "create", "shop", "--description", "the web shop", "--label", "production",
            "--provider", "hashicorp/aws@~> 5.100");
        var (listExit, listed, _) = await Remote("project", "list");
        var (jsonExit, json, _) = await Remote("project", "show", "shop", "--json");
        var (showExit, shown, _) = await Remote("project", "show", "shop");

        Assert.True(createExit == 0, createErr);
        Assert.StartsWith("created project shop (prj_", created, StringComparison.Ordinal);
        Assert.Equal(0, listExit);
        Assert.Matches(@"^ID\s+NAME\s+SPACE_ID\s+LABELS\s+DESCRIPTION", listed);
        Assert.Matches(@"prj_\w+\s+shop\s+root\s+production\s+the web shop", listed);
        Assert.Equal(0, jsonExit);
        var project = JsonNode.Parse(json)!;
        Assert.Equal("shop", project["name"]!.GetValue<string>());
        Assert.Equal("~> 5.100", project["providers"]![0]!["version_constraint"]!.GetValue<string>());
        Assert.Equal(0, showExit);
        Assert.Contains("description: the web shop", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_from_the_server_is_one_line_with_its_code_and_exit_1()
    {
        var (exit, stdout, stderr) = await Remote("project", "show", "nothing-here");

        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("mandate: ", line, StringComparison.Ordinal);
        Assert.Contains("nothing-here", line, StringComparison.Ordinal);
        Assert.EndsWith("[not_found, HTTP 404]", line.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_key_is_exit_1_and_a_missing_key_or_server_is_a_usage_error()
    {
        var unset = new Dictionary<string, string?> { ["MANDATE_API_KEY"] = null, ["MANDATE_SERVER"] = null };
        var (badExit, _, badErr) = await MandateProgram.RunAsync("project", "list", "--server", _url, "--key", "mdt_wrong");
        var (noKeyExit, _, noKeyErr) = await MandateProgram.RunWithEnvironmentAsync(unset, "project", "list", "--server", _url);
        var (noServerExit, _, noServerErr) = await MandateProgram.RunWithEnvironmentAsync(unset, "project", "list", "--key", _adminKey);

        Assert.Equal(1, badExit);
        Assert.Contains("[unauthenticated, HTTP 401]", badErr, StringComparison.Ordinal);
        Assert.Equal(2, noKeyExit);
        Assert.Contains("MANDATE_API_KEY", noKeyErr, StringComparison.Ordinal);
        Assert.Equal(2, noServerExit);
        Assert.Contains("MANDATE_SERVER", noServerErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_and_key_come_from_the_environment()
    {
        var environment = new Dictionary<string, string?> { ["MANDATE_SERVER"] = _url, ["MANDATE_API_KEY"] = _adminKey };

        var (exit, stdout, stderr) = await MandateProgram.RunWithEnvironmentAsync(environment, "operation", "list", "--pending");

        Assert.True(exit == 0, stderr);
        Assert.Contains("(none)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_one_line_and_exit_1()
    {
        var (exit, _, stderr) = await MandateProgram.RunAsync("project", "list", "--server", $"http://127.0.0.1:{FreePort.Next()}", "--key", _adminKey);

        Assert.Equal(1, exit);
        Assert.Contains("cannot reach the Mandate server", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_search_finds_the_project_creation_and_resources_of_a_new_project_are_none()
    {
        await Remote("project", "create", "audited");

        var (auditExit, audit, auditErr) = await Remote("audit", "search", "--project", "audited", "--action", "project.create");
        var (resourceExit, resources, resourceErr) = await Remote("resource", "list", "--project", "audited");
        var (missingExit, _, missingErr) = await Remote("resource", "get", "--project", "audited", "nothing");

        Assert.True(auditExit == 0, auditErr);
        Assert.Contains("project.create", audit, StringComparison.Ordinal);
        Assert.True(resourceExit == 0, resourceErr);
        Assert.Contains("(none)", resources, StringComparison.Ordinal);
        Assert.Equal(1, missingExit);
        Assert.Contains("[not_found, HTTP 404]", missingErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_needs_a_plan_hash_and_an_unknown_operation_is_not_found()
    {
        var (usageExit, _, usageErr) = await Remote("approve", "op_missing");
        var (missingExit, _, missingErr) = await Remote("approve", "op_missing", "--plan-hash", new string('0', 64));
        var (rejectExit, _, rejectErr) = await Remote("reject", "op_missing", "--reason", "not now");

        Assert.Equal(2, usageExit);
        Assert.Contains("--plan-hash", usageErr, StringComparison.Ordinal);
        Assert.Equal(1, missingExit);
        Assert.Contains("[not_found, HTTP 404]", missingErr, StringComparison.Ordinal);
        Assert.Equal(1, rejectExit);
        Assert.Contains("op_missing", rejectErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operation_resume_reaches_the_server_and_reports_its_refusals()
    {
        var (missingExit, _, missingErr) = await Remote("operation", "resume", "op_missing");
        var (waitExit, _, waitErr) = await Remote("operation", "resume", "op_missing", "--wait", "999");

        Assert.Equal(1, missingExit);
        Assert.Contains("[not_found, HTTP 404]", missingErr, StringComparison.Ordinal);
        Assert.Equal(1, waitExit);
        Assert.Contains("[invalid_argument, HTTP 400]", waitErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_config_that_is_not_json_is_a_usage_error_before_anything_is_sent()
    {
        await Remote("project", "create", "configs");

        var (exit, _, stderr) = await Remote("resource", "create", "--project", "configs", "t", "--type", "aws_dynamodb_table", "--config", "{name: x}");

        Assert.Equal(2, exit);
        Assert.Contains("--config from the command line is not valid JSON", stderr, StringComparison.Ordinal);
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> Remote(params string[] arguments) =>
        MandateProgram.RunAsync([.. arguments, "--server", _url, "--key", _adminKey]);

    [GeneratedRegex(@"mdt_[a-z0-9]{12}_[A-Za-z0-9_-]+")]
    private static partial Regex BootstrapKey();
}
