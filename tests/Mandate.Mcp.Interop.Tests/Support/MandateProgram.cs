namespace Mandate.Mcp.Interop.Tests.Support;

/// <summary>The built `mandate` program (mandate.dll, copied beside the tests) and the host that runs it.</summary>
internal static class MandateProgram
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "mandate.dll");

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
}
