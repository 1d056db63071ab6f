namespace Mandate.Cli.Tests;

using System.Diagnostics;
using Mandate.TestFixtures.Processes;

/// <summary>Runs the built `mandate` program (mandate.dll beside the tests) as a child process.</summary>
internal static class MandateProgram
{
    private static string Dll => Path.Combine(AppContext.BaseDirectory, "mandate.dll");

    /// <summary>Starts a long-running command (e.g. serve) the caller stops by PID.</summary>
    public static ManagedProcess Start(params string[] arguments) =>
        ManagedProcess.Start(DotnetHost(), [Dll, .. arguments], "mandate " + string.Join(' ', arguments));

    /// <summary>Runs a command to completion and returns its exit code and both output streams.</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] arguments) =>
        RunWithEnvironmentAsync(new Dictionary<string, string?>(), arguments);

    /// <summary>Like <see cref="RunAsync"/> with environment variables set (a null value removes one).</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string?> environment,
        params string[] arguments)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    // The muxer that runs these tests runs mandate.dll too, so no other SDK on PATH can get in the way.
    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}
