namespace Mandate.Mcp.Interop.Tests;

using System.Text.Json.Nodes;
using Mandate.Mcp.Interop.Tests.Support;
using Xunit.Abstractions;

/// <summary>
/// The MCP conformance suite (@modelcontextprotocol/conformance, on Node 22) against a loopback endpoint
/// with anonymous read-only access on: its generic server scenarios must pass with no failed check, except
/// those listed, with the reason, in tests/mcp-interop/conformance-baseline.yml.
/// </summary>
public sealed class ConformanceSuiteTests(AnonymousTargetFixture fixture, ITestOutputHelper output) : IClassFixture<AnonymousTargetFixture>
{
    private readonly McpTarget _target = fixture.Target;

    [Theory]
    [InlineData("server-initialize")]
    [InlineData("ping")]
    [InlineData("tools-list")]
    [InlineData("server-sse-multiple-streams")]
    [InlineData("dns-rebinding-protection")]
    public async Task Server_scenario_passes(string scenario) => await AssertScenarioPassesAsync(scenario);

    // The suite checks logging/setLevel only for servers that offer logging; one that does not must not claim it.
    [Fact]
    public async Task Logging_set_level_passes_when_the_server_offers_logging()
    {
        var (run, session) = await SdkClient.RunAsync(_target.Endpoint, key: null);
        Assert.True(session["connected"]!.GetValue<bool>(), "an anonymous session was refused though anonymous read access is on:\n" + run.Report);
        var capabilities = session["capabilities"]!.AsObject();
        Assert.True(capabilities.ContainsKey("tools"), "no tools capability:\n" + run.Report);
        if (!capabilities.ContainsKey("logging"))
        {
            output.WriteLine("the server does not offer logging (capabilities: " + capabilities.ToJsonString() + "): logging-set-level does not apply");
            return;
        }

        await AssertScenarioPassesAsync("logging-set-level");
    }

    // The scenario names under "server:" in the baseline file (one "  - name" line each).
    private static HashSet<string> ExpectedFailures() =>
        File.ReadAllLines(NodePackages.ConformanceBaseline)
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("- ", StringComparison.Ordinal))
            .Select(line => line[2..].Trim())
            .ToHashSet(StringComparer.Ordinal);

    private async Task AssertScenarioPassesAsync(string scenario)
    {
        var results = Path.Combine(Path.GetTempPath(), $"mandate-conformance-{Guid.NewGuid():N}");
        try
        {
            var run = await ToolRun.ExecuteAsync(NodePackages.Node22,
                [NodePackages.ConformanceCli, "server", "--url", _target.Endpoint.ToString(), "--scenario", scenario, "--output-dir", results,
                    "--expected-failures", NodePackages.ConformanceBaseline]);
            output.WriteLine("server: " + _target.Description);
            output.WriteLine(run.Report);

            // With the baseline the suite exits 0 only when a listed scenario still fails and an unlisted one passes
            // with no failure and no warning; a listed scenario that passes is a stale entry and exits 1.
            Assert.True(run.ExitCode == 0, run.Report);
            if (ExpectedFailures().Contains(scenario))
            {
                output.WriteLine($"{scenario}: a known failure listed in {NodePackages.ConformanceBaseline}");
                return;
            }

            // The suite writes <output-dir>/server-<scenario>-<timestamp>/checks.json: one entry per check.
            var checksFile = Directory.Exists(results) ? Directory.GetFiles(results, "checks.json", SearchOption.AllDirectories).SingleOrDefault() : null;
            Assert.True(checksFile is not null, "the suite wrote no checks.json:\n" + run.Report);
            var checks = JsonNode.Parse(File.ReadAllText(checksFile))!.AsArray();
            var failed = checks.Where(c => c!["status"]!.GetValue<string>() == "FAILURE").ToList();
            Assert.True(failed.Count == 0, $"{failed.Count} failed check(s):\n{new JsonArray([.. failed.Select(c => c!.DeepClone())])}\n{run.Report}");
            Assert.True(checks.Any(c => c!["status"]!.GetValue<string>() == "SUCCESS"), "no check succeeded (only warnings or info):\n" + run.Report);
        }
        finally
        {
            if (Directory.Exists(results))
            {
                Directory.Delete(results, recursive: true);
            }
        }
    }
}
