namespace Mandate.TestFixtures.Processes;

using System.Collections.Concurrent;
using System.Diagnostics;

/// <summary>
/// A child process a test owns: output kept for failure messages, stopped by PID (SIGTERM, then SIGKILL).
/// </summary>
public sealed class ManagedProcess : IAsyncDisposable
{
    private const int KeptOutputLines = 200;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private int _stopped;

    private ManagedProcess(Process process, string displayName)
    {
        _process = process;
        DisplayName = displayName;
        Pid = process.Id;
    }

    public string DisplayName { get; }

    public int Pid { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process wrote to stdout and stderr, for error messages.</summary>
    public string RecentOutput => string.Join(Environment.NewLine, _output);

    public static ManagedProcess Start(string fileName, IEnumerable<string> arguments, string displayName,
        string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        if (!File.Exists(fileName))
        {
            throw new FileNotFoundException($"cannot start {displayName}: '{fileName}' does not exist", fileName);
        }

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

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var managed = new ManagedProcess(StartOrExplain(process, displayName), displayName);
        process.OutputDataReceived += (_, e) => managed.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => managed.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return managed;
    }

    /// <summary>Waits for the process to exit on its own and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    /// <summary>Asks politely (SIGTERM), then kills after <paramref name="grace"/>; returns once the PID is gone.</summary>
    public async Task StopAsync(TimeSpan? grace = null)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        if (!_process.HasExited)
        {
            Signals.Terminate(Pid);
            using var wait = new CancellationTokenSource(grace ?? TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        if (!await ProcessLiveness.WaitUntilGoneAsync(Pid, TimeSpan.FromSeconds(10)))
        {
            throw new InvalidOperationException($"{DisplayName} (pid {Pid}) is still running after being killed");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    private static Process StartOrExplain(Process process, string displayName)
    {
        try
        {
            process.Start();
            return process;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"cannot start {displayName} ('{process.StartInfo.FileName}'): {e.Message}", e);
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > KeptOutputLines && _output.TryDequeue(out _))
        {
        }
    }
}
