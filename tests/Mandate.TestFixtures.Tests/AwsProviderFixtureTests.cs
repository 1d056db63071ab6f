namespace Mandate.TestFixtures.Tests;

using System.Text.RegularExpressions;
using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Processes;
using Mandate.TestFixtures.Xunit;

public sealed partial class AwsProviderFixtureTests
{
    [RequiresAwsProviderFact]
    public void Locates_the_provider_binary_and_its_version()
    {
        var provider = AwsProviderRequirement.Get();

        Assert.True(Version.TryParse(provider.Version, out _), $"'{provider.Version}' is not a version");
        Assert.True(File.Exists(provider.BinaryPath));
        Assert.EndsWith($"terraform-provider-aws_v{provider.Version}_x5", provider.BinaryPath, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.True((File.GetUnixFileMode(provider.BinaryPath) & UnixFileMode.UserExecute) != 0, "provider is not executable");
        }
    }

    [RequiresAwsProviderFact]
    public async Task The_located_binary_answers_the_plugin_handshake_and_is_stopped_by_pid()
    {
        var provider = AwsProviderRequirement.Get();
        var socketDir = Directory.CreateTempSubdirectory("mandate-plugin-").FullName;
        // The magic cookie is how go-plugin tells a launch by a host from a person running the binary.
        await using var process = ManagedProcess.Start(provider.BinaryPath, [], "terraform-provider-aws", environment: new Dictionary<string, string?>
        {
            ["TF_PLUGIN_MAGIC_COOKIE"] = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2",
            ["PLUGIN_PROTOCOL_VERSIONS"] = "5",
            ["PLUGIN_UNIX_SOCKET_DIR"] = socketDir,
            ["TF_LOG_SDK"] = "off",
            ["PLUGIN_CLIENT_CERT"] = null,
        });

        var handshake = await WaitForHandshakeAsync(process, TimeSpan.FromSeconds(30));
        var pid = process.Pid;
        await process.StopAsync();

        Assert.Matches(HandshakeLine(), handshake);
        Assert.StartsWith(socketDir, handshake.Split('|')[3], StringComparison.Ordinal);
        Assert.False(ProcessLiveness.IsAlive(pid), $"provider pid {pid} survived StopAsync");
        Directory.Delete(socketDir, recursive: true);
    }

    [Fact]
    public void An_empty_mirror_is_reported_with_the_places_searched()
    {
        var empty = Directory.CreateTempSubdirectory("mandate-empty-mirror-").FullName;

        var found = AwsProviderLocator.TryLocateIn([empty], out var location, out var reason);

        Assert.False(found);
        Assert.Null(location);
        Assert.Contains(empty, reason, StringComparison.Ordinal);
        Assert.Contains(AwsProviderLocator.PluginDirVariable, reason, StringComparison.Ordinal);
        Directory.Delete(empty);
    }

    [Fact]
    public void The_newest_version_in_a_mirror_wins()
    {
        var root = Directory.CreateTempSubdirectory("mandate-fake-mirror-").FullName;
        var platform = $"linux_{(System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "arm64" : "amd64")}";
        foreach (var version in new[] { "5.9.0", "5.100.0", "5.10.1" })
        {
            var dir = Path.Combine(root, "registry.terraform.io", "hashicorp", "aws", version, platform);
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, $"terraform-provider-aws_v{version}_x5"), "not a real provider");
        }

        Assert.True(AwsProviderLocator.TryLocateIn([root], out var location, out _), "fake mirror not found");
        // Versions compare numerically: 5.100.0 > 5.10.1 > 5.9.0, which a string sort gets wrong.
        Assert.Equal("5.100.0", location!.Version);
        Directory.Delete(root, recursive: true);
    }

    private static async Task<string> WaitForHandshakeAsync(ManagedProcess process, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var line = process.RecentOutput.Split('\n').FirstOrDefault(l => l.StartsWith("1|", StringComparison.Ordinal));
            if (line is not null)
            {
                return line.Trim();
            }

            Assert.False(process.HasExited, $"provider exited before the handshake: {process.RecentOutput}");
            await Task.Delay(20);
        }

        throw new TimeoutException($"no handshake line within {timeout}: {process.RecentOutput}");
    }

    // core-protocol-version | app-protocol-version | network | address | protocol | server cert (empty without AutoMTLS)
    [GeneratedRegex(@"^1\|5\|unix\|/[^|]+\|grpc\|$")]
    private static partial Regex HandshakeLine();
}
