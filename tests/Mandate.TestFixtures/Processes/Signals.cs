namespace Mandate.TestFixtures.Processes;

using System.Runtime.InteropServices;

/// <summary>POSIX signals by PID; .NET's Process only offers SIGKILL.</summary>
public static partial class Signals
{
    private const int SigTerm = 15;
    private const int SigKill = 9;
    private const int SigInt = 2;

    public static void Terminate(int pid) => Send(pid, SigTerm);

    public static void Interrupt(int pid) => Send(pid, SigInt);

    public static void Kill(int pid) => Send(pid, SigKill);

    private static void Send(int pid, int signal)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("POSIX signals are not available on Windows");
        }

        // A process that already exited makes kill(2) fail with ESRCH: that is the outcome we wanted.
        _ = SysKill(pid, signal);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int signal);
}
