namespace Mandate.Mcp.Interop.Tests.Support;

using System.Text.Json.Nodes;
using Mandate.TestFixtures;

/// <summary>
/// Node 22 and the MCP client packages from tests/node_modules (pinned by tests/package-lock.json,
/// installed by ./test.sh). The machine's own node may be older: the conformance suite and the
/// Inspector need Node 22, which the `node` npm package provides as a plain binary.
/// </summary>
internal static class NodePackages
{
    private const string InstallHint = "run ./test.sh once, or `npm ci --prefix tests`";

    /// <summary>The Node 22 binary the `node` npm package unpacks (node_modules/node/bin/node).</summary>
    public static string Node22 => Existing(Path.Combine(RepoPaths.NodeModules, "node", "bin", "node"), "Node 22 (npm package node)");

    /// <summary>The committed SDK client script (tests/mcp-interop/sdk-client.mjs).</summary>
    public static string SdkClientScript =>
        Existing(Path.Combine(RepoPaths.RepositoryRoot, "tests", "mcp-interop", "sdk-client.mjs"), "the SDK client script");

    /// <summary>Known conformance failures, in the suite's --expected-failures format (tests/mcp-interop/conformance-baseline.yml).</summary>
    public static string ConformanceBaseline =>
        Existing(Path.Combine(RepoPaths.RepositoryRoot, "tests", "mcp-interop", "conformance-baseline.yml"), "the conformance baseline");

    public static string InspectorCli => Bin("@modelcontextprotocol/inspector", "mcp-inspector");

    public static string ConformanceCli => Bin("@modelcontextprotocol/conformance", "conformance");

    /// <summary>
    /// A package's entry script as its package.json "bin" names it. Running `node script` rather than the
    /// .bin shim makes the PID we hold the tool's own, so stopping it by PID stops the tool.
    /// </summary>
    private static string Bin(string package, string command)
    {
        var directory = Path.Combine(RepoPaths.NodeModules, package);
        var manifest = Existing(Path.Combine(directory, "package.json"), package);
        var bin = JsonNode.Parse(File.ReadAllText(manifest))?["bin"];
        var relative = bin is JsonObject commands ? commands[command]?.GetValue<string>() : bin?.GetValue<string>();
        if (relative is null)
        {
            throw new InvalidOperationException($"{package}'s package.json names no '{command}' command; tests/package.json pins the version these tests were written for");
        }

        return Existing(Path.GetFullPath(Path.Combine(directory, relative)), $"{package} ({command})");
    }

    private static string Existing(string path, string what) =>
        File.Exists(path) ? path : throw new InvalidOperationException($"{what} is not installed ({path} is missing); {InstallHint}");
}
