namespace Mandate.TestFixtures.Servers;

/// <summary>Locates node and an npm package's entry script in the tests' own node_modules.</summary>
public static class NodeTool
{
    /// <summary>node from PATH (Node 20+ is what the test servers need).</summary>
    public static string Node()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, "node");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("node is not on PATH; install Node.js 20 or later (Debian: apt-get install nodejs npm)");
    }

    /// <summary>
    /// The script of <paramref name="package"/> under tests/node_modules. Running `node script` directly,
    /// rather than the .bin shim, makes the PID we hold the server's own.
    /// </summary>
    public static string Script(string package, string relativeScript)
    {
        var script = Path.Combine(RepoPaths.NodeModules, package, relativeScript);
        if (!File.Exists(script))
        {
            throw new InvalidOperationException(
                $"{package} is not installed ({script} is missing); run ./test.sh once, or `npm ci --prefix tests`");
        }

        return script;
    }
}
