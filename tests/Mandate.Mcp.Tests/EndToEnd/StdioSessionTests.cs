namespace Mandate.Mcp.Tests.EndToEnd;

using Mandate.Mcp.Tests.Support;
using Mandate.TestFixtures.Xunit;
using ModelContextProtocol.Client;

/// <summary>
/// `mandate mcp` as a real child process, driven by the official client over stdio, on a store that another
/// process shares: a second `mandate mcp`, or the server `mandate serve` builds, over whose REST API an admin
/// configures the cloud integration and an approver approves.
/// </summary>
public sealed class StdioSessionTests(AwsBackends aws) : IClassFixture<AwsBackends>, IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mandate-mcp-stdio-");

    [Fact]
    public async Task Local_admin_over_stdio_creates_governance_that_a_second_process_sees()
    {
        var dataDir = Path.Combine(_dir.FullName, "data");
        await using (var client = await ConnectAsync(dataDir, key: null))
        {
            var tools = await client.ListToolsAsync();
            Assert.Contains(tools, t => t.Name == "resource_create");
            Assert.Contains(tools, t => t.Name == "operation_approve");
            await client.OkAsync("project_create", new { name = "stdio", description = "made over stdio" });
            await client.OkAsync("project_use", new { project = "stdio" });
            var policy = await client.OkAsync("policy_create", new { name = "stdio-policy", rego = SessionFlow.Policy });
            await client.OkAsync("policy_attach", new { policy = policy["created"]!["id"]!.GetValue<string>() });
            var error = await client.ErrorAsync("policy_create", new { name = "broken", rego = "package x\ndeny contains \"a\" if {" });
            Assert.Equal("invalid_argument", error["code"]!.GetValue<string>());
        }

        await using (var again = await ConnectAsync(dataDir, key: null))
        {
            var projects = await again.OkAsync("project_list", new { });
            var project = Assert.Single(projects["projects"]!.AsArray());
            Assert.Equal("stdio", project!["name"]!.GetValue<string>());
            var policy = await again.OkAsync("policy_get", new { policy = "stdio-policy" });
            Assert.Contains("public-", policy["rego"]!.GetValue<string>(), StringComparison.Ordinal);
            var audit = await again.OkAsync("audit_search", new { action = "project.create" });
            Assert.Contains(audit["entries"]!.AsArray(), e => e!["actor"]!.GetValue<string>().Contains("local:", StringComparison.Ordinal));
        }
    }

    [RequiresAwsProviderFact]
    public async Task Full_session_over_stdio_with_approval_over_REST_on_the_same_store()
    {
        // The server `mandate serve` builds, on the data directory `mandate mcp` opens too.
        await using var server = await CoreHost.StartAsync();
        await using var client = await ConnectAsync(server.DataDirectory, server.Keys["admin"]);
        await SessionFlow.RunAsync(client, aws, new RestSide(server), "stdio");
    }

    [Fact]
    public async Task A_bad_key_is_refused_before_the_session_starts()
    {
        var stderr = new List<string>();
        var e = await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(Path.Combine(_dir.FullName, "data"), key: "mdt_nope_nope", stderr));
        Assert.NotNull(e);
        Assert.Contains(stderr, l => l.Contains("mandate:", StringComparison.Ordinal));
    }

    public void Dispose() => _dir.Delete(recursive: true);

    // The program from its own build output: copied beside the tests, its package-versioned Microsoft.Extensions
    // assemblies lose to the test project's framework ones and mandate.dll no longer loads.
    private static string MandateDll()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var path = Path.Combine(Mandate.TestFixtures.RepoPaths.RepositoryRoot, "src", "Mandate.Cli", "bin", configuration, "net10.0", "mandate.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"build src/Mandate.Cli ({configuration}) first: {path} is missing", path);
    }

    // The muxer that runs these tests runs mandate.dll too (the test host itself cannot).
    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    private static Task<McpClient> ConnectAsync(string dataDir, string? key, List<string>? stderr = null)
    {
        if (!OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dataDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var environment = new Dictionary<string, string?> { ["MANDATE_API_KEY"] = key ?? "" };
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = DotnetHost(),
            Arguments = [MandateDll(), "mcp", "--data-dir", dataDir],
            EnvironmentVariables = environment,
            StandardErrorLines = line =>
            {
                lock (stderr ?? [])
                {
                    stderr?.Add(line);
                }
            },
        });
        return McpClient.CreateAsync(transport);
    }
}
