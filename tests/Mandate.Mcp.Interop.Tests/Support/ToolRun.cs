namespace Mandate.Mcp.Interop.Tests.Support;

using System.Diagnostics;
using System.Text;
using Mandate.TestFixtures.Processes;

/// <summary>One finished run of a command-line tool: its exit code and both output streams.</summary>
internal sealed record ToolRun(string Command, int ExitCode, string Stdout, string Stderr)
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Everything a failure message needs: the command line, the exit code and all output.</summary>
    public string Report => $"$ {Command}\nexit code {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";

    /// <summary>
    /// Runs <paramref name="fileName"/> to completion. A run past the timeout is killed by PID with its
    /// whole process tree (an Inspector's stdio server included) and reported as a timeout.
    /// </summary>
    public static async Task<ToolRun> ExecuteAsync(string fileName, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        var command = string.Join(' ', start.ArgumentList.Prepend(fileName).Select(Quote));
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command}");
        var pid = process.Id;
        process.StandardInput.Close(); // no tool here reads stdin; closing it keeps none waiting on it
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await ProcessLiveness.WaitUntilGoneAsync(pid, TimeSpan.FromSeconds(10));
            return new ToolRun(command, -1, await stdout, await stderr + $"\n(killed after {(timeout ?? DefaultTimeout).TotalSeconds:0} s)");
        }

        return new ToolRun(command, process.ExitCode, await stdout, await stderr);
    }

    private static string Quote(string argument)
    {
        if (argument.Length > 0 && argument.All(c => char.IsLetterOrDigit(c) || "-_./:=@".Contains(c, StringComparison.Ordinal)))
        {
            return argument;
        }

        var quoted = new StringBuilder("'");
        quoted.Append(argument.Replace("'", "'\\''", StringComparison.Ordinal));
        return quoted.Append('\'').ToString();
    }
}
