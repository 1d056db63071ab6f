namespace Mandate.TestFixtures.Processes;

using System.Diagnostics;

/// <summary>Tells whether a PID still names a live process (zombies count as gone).</summary>
public static class ProcessLiveness
{
    public static bool IsAlive(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            // /proc/<pid>/stat's third field is the state; 'Z' (zombie) and 'X' (dead) have released everything.
            var stat = $"/proc/{pid}/stat";
            string text;
            try
            {
                text = File.ReadAllText(stat);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
            {
                return false;
            }

            var afterName = text.LastIndexOf(')');
            var state = afterName >= 0 && afterName + 2 < text.Length ? text[afterName + 2] : '?';
            return state is not ('Z' or 'X');
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Waits until <paramref name="pid"/> is gone; true when it went within the timeout.</summary>
    public static async Task<bool> WaitUntilGoneAsync(int pid, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (IsAlive(pid))
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(25);
        }

        return true;
    }
}
