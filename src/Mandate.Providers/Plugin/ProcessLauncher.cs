using System.Collections.Concurrent;
using System.Diagnostics;

namespace Mandate.Providers.Plugin;

/// <summary>
/// Starts provider processes so that they die with us, even when we are killed with SIGKILL and no cleanup code
/// runs. On Linux the child is started through <c>setpriv --pdeathsig KILL</c>, which sets PR_SET_PDEATHSIG and
/// then execs the provider in place (same PID). .NET cannot run code between fork and exec, hence the wrapper.
/// </summary>
/// <remarks>
/// The kernel delivers the parent-death signal when the <em>thread</em> that forked the child exits, not the
/// process. Thread-pool threads retire when idle, which would kill healthy providers at random; so every start
/// happens on one dedicated thread that lives as long as the process.
/// </remarks>
internal static class ProcessLauncher
{
    private static readonly BlockingCollection<(ProcessStartInfo Info, TaskCompletionSource<Process> Done)> Queue = new();
    private static readonly Lazy<string?> SetprivPath = new(FindSetpriv);

    static ProcessLauncher()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "Mandate provider launcher" };
        thread.Start();
    }

    /// <summary>True when started processes are tied to our lifetime by the kernel.</summary>
    public static bool HasParentDeathSignal => SetprivPath.Value is not null;

    /// <summary>Starts <paramref name="info"/> (wrapped when possible) on the launcher thread.</summary>
    public static Task<Process> StartAsync(ProcessStartInfo info)
    {
        if (SetprivPath.Value is { } setpriv)
        {
            var target = info.FileName;
            var arguments = info.ArgumentList.ToArray();
            info.FileName = setpriv;
            info.ArgumentList.Clear();
            info.ArgumentList.Add("--pdeathsig");
            info.ArgumentList.Add("KILL");
            info.ArgumentList.Add("--");
            info.ArgumentList.Add(target);
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }
        }

        var done = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.Add((info, done));
        return done.Task;
    }

    private static void Run()
    {
        foreach (var (info, done) in Queue.GetConsumingEnumerable())
        {
            try
            {
                done.SetResult(Process.Start(info) ?? throw new InvalidOperationException($"'{info.FileName}' did not start"));
            }
#pragma warning disable CA1031 // the failure belongs to the caller waiting on the task, and this thread must survive
            catch (Exception e)
#pragma warning restore CA1031
            {
                done.SetException(e);
            }
        }
    }

    private static string? FindSetpriv()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        foreach (var candidate in new[] { "/usr/bin/setpriv", "/bin/setpriv", "/usr/sbin/setpriv", "/sbin/setpriv" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
