namespace Mandate.TestFixtures.Servers;

using System.Diagnostics;

/// <summary>Where PostgreSQL's server programs are, and how to run them as a non-root user.</summary>
internal sealed class PostgresBinaries
{
    private const string ServerUser = "postgres";
    private readonly string _bin;
    private readonly bool _asServerUser;

    private PostgresBinaries(string bin, bool asServerUser)
    {
        _bin = bin;
        _asServerUser = asServerUser;
    }

    /// <summary>$MANDATE_TEST_PG_BIN, else Debian's /usr/lib/postgresql/&lt;newest&gt;/bin, else PATH.</summary>
    public static PostgresBinaries Locate()
    {
        var bin = Environment.GetEnvironmentVariable("MANDATE_TEST_PG_BIN");
        if (string.IsNullOrEmpty(bin) && Directory.Exists("/usr/lib/postgresql"))
        {
            bin = Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault();
        }

        bin ??= (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")));
        if (string.IsNullOrEmpty(bin) || !File.Exists(Path.Combine(bin, "initdb")))
        {
            throw new InvalidOperationException(
                "PostgreSQL server programs (initdb, pg_ctl) not found; ./test.sh installs them (apt-get install postgresql), or set MANDATE_TEST_PG_BIN");
        }

        // PostgreSQL refuses to run as root, so as root we run it as the package's own `postgres` user.
        var asServerUser = Environment.UserName == "root";
        return new PostgresBinaries(bin, asServerUser);
    }

    public void GiveToServerUser(string directory)
    {
        if (_asServerUser)
        {
            RunTool("chown", ["-R", $"{ServerUser}:", directory]);
        }
    }

    public async Task RunAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var path = Path.Combine(_bin, program);
        var start = _asServerUser
            ? Build("runuser", ["-u", ServerUser, "--", path, .. arguments])
            : Build(path, arguments);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} did not finish within {timeout.TotalSeconds:0} s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {(await stderr).Trim()} {(await stdout).Trim()}");
        }
    }

    private static void RunTool(string program, IReadOnlyList<string> arguments)
    {
        using var process = Process.Start(Build(program, arguments)) ?? throw new InvalidOperationException($"could not start {program}");
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed: {process.StandardError.ReadToEnd().Trim()}");
        }
    }

    private static ProcessStartInfo Build(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
