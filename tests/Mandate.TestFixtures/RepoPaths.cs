namespace Mandate.TestFixtures;

/// <summary>Finds the repository (the folder holding Mandate.slnx) from wherever a test runs.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string RepositoryRoot => Root.Value;

    /// <summary>The tests' own npm packages (dynalite, s3rver, …), installed by ./test.sh with `npm ci`.</summary>
    public static string NodeModules => Path.Combine(RepositoryRoot, "tests", "node_modules");

    /// <summary>The shared folder CI clones beside the repository (seeds, OPA cases).</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mandate.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Mandate.slnx above {AppContext.BaseDirectory}; run the tests from a checkout of the repository");
    }
}
