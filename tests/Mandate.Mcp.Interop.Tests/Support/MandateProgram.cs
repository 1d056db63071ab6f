namespace Mandate.Mcp.Interop.Tests.Support;

/// <summary>The built `mandate` program and the host that runs it.</summary>
internal static class MandateProgram
{
    /// <summary>
    /// mandate.dll in src/Mandate.Cli's own build output (same configuration and framework as these tests).
    /// Not the copy beside the tests: this project also references ASP.NET Core's shared framework, so the
    /// build drops package assemblies mandate.deps.json still names (DependencyInjection.Abstractions), and
    /// that copy fails to start.
    /// </summary>
    public static string Dll { get; } = Locate();

    // The muxer that runs these tests runs mandate.dll too, so no other SDK on PATH can get in the way.
    public static string DotnetHost =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    /// <summary>Runs `mandate <arguments>` to completion.</summary>
    public static Task<ToolRun> RunAsync(params string[] arguments) =>
        ToolRun.ExecuteAsync(DotnetHost, [Dll, .. arguments], timeout: TimeSpan.FromSeconds(60));

    /// <summary>Issues a key straight on the store in <paramref name="dataDir"/> (`mandate admin create-key`).</summary>
    public static async Task<string> CreateKeyAsync(string dataDir, string scope)
    {
        var run = await RunAsync("admin", "create-key", "--data-dir", dataDir, "--scope", scope, "--name", $"interop-{scope}");
        var key = run.Stdout.Trim();
        return run.ExitCode == 0 && key.StartsWith("mdt_", StringComparison.Ordinal)
            ? key
            : throw new InvalidOperationException("`mandate admin create-key` did not print a key:\n" + run.Report);
    }

    /// <summary>Whether the built program has a top-level <paramref name="command"/> (its --help succeeds).</summary>
    public static bool HasCommand(string command)
    {
        var run = ToolRun.ExecuteAsync(DotnetHost, [Dll, command, "--help"], timeout: TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        return run.ExitCode == 0 && run.Stdout.Contains(command, StringComparison.Ordinal);
    }

    private static string Locate()
    {
        // AppContext.BaseDirectory is .../tests/Mandate.Mcp.Interop.Tests/bin/<configuration>/<framework>/.
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent?.Name ?? "Debug";
        var dll = Path.Combine(Mandate.TestFixtures.RepoPaths.RepositoryRoot, "src", "Mandate.Cli", "bin", configuration, framework.Name, "mandate.dll");
        return File.Exists(dll)
            ? dll
            : throw new InvalidOperationException($"the mandate program is not built ({dll} is missing); build src/Mandate.Cli in {configuration}");
    }
}
