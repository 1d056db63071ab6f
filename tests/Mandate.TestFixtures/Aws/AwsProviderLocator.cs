namespace Mandate.TestFixtures.Aws;

/// <summary>
/// Finds hashicorp/aws in a Terraform filesystem mirror (unpacked layout:
/// &lt;root&gt;/registry.terraform.io/hashicorp/aws/&lt;version&gt;/&lt;os&gt;_&lt;arch&gt;/terraform-provider-aws_v&lt;version&gt;_x5).
/// </summary>
public static class AwsProviderLocator
{
    /// <summary>Overrides the search: a mirror root that holds hashicorp/aws.</summary>
    public const string PluginDirVariable = "MANDATE_TEST_PLUGIN_DIR";

    private static readonly Lazy<AwsProviderLocation?> Found = new(() => TryLocate(out var location, out _) ? location : null);

    /// <summary>The provider found with the default search, or null (see <see cref="AbsenceReason"/>).</summary>
    public static AwsProviderLocation? Default => Found.Value;

    /// <summary>Why the default search found nothing, in words a test's skip message can carry.</summary>
    public static string AbsenceReason
    {
        get
        {
            TryLocate(out _, out var reason);
            return reason;
        }
    }

    /// <summary>The usual mirror locations Terraform itself searches on Unix, plus this machine image's.</summary>
    public static IReadOnlyList<string> CandidateRoots()
    {
        var explicitRoot = Environment.GetEnvironmentVariable(PluginDirVariable);
        if (!string.IsNullOrWhiteSpace(explicitRoot))
        {
            return [explicitRoot];
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var xdgData = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } x ? x : Path.Combine(home, ".local", "share");
        var roots = new List<string>
        {
            "/opt/tf-plugins",
            Path.Combine(home, ".terraform.d", "plugins"),
            Path.Combine(xdgData, "terraform", "plugins"),
        };
        var xdgDirs = Environment.GetEnvironmentVariable("XDG_DATA_DIRS") is { Length: > 0 } d ? d : "/usr/local/share:/usr/share";
        roots.AddRange(xdgDirs.Split(':', StringSplitOptions.RemoveEmptyEntries).Select(p => Path.Combine(p, "terraform", "plugins")));
        return roots;
    }

    public static bool TryLocate(out AwsProviderLocation? location, out string reason) =>
        TryLocateIn(CandidateRoots(), out location, out reason);

    /// <summary>Searches the given mirror roots only, in order; the newest version in the first root that has one wins.</summary>
    public static bool TryLocateIn(IReadOnlyList<string> roots, out AwsProviderLocation? location, out string reason)
    {
        foreach (var root in roots)
        {
            var typeDir = Path.Combine(root, "registry.terraform.io", "hashicorp", "aws");
            if (!Directory.Exists(typeDir))
            {
                continue;
            }

            var platform = PlatformDirectory();
            var best = Directory.GetDirectories(typeDir)
                .Select(versionDir => (Version: Path.GetFileName(versionDir), Dir: Path.Combine(versionDir, platform)))
                .Where(v => Version.TryParse(v.Version, out _) && Directory.Exists(v.Dir))
                .OrderByDescending(v => Version.Parse(v.Version))
                .Select(v => (v.Version, Binary: Directory.GetFiles(v.Dir, "terraform-provider-aws_v*").FirstOrDefault()))
                .FirstOrDefault(v => v.Binary is not null);
            if (best.Binary is not null)
            {
                location = new AwsProviderLocation(root, best.Version, best.Binary);
                reason = string.Empty;
                return true;
            }
        }

        location = null;
        reason = $"the hashicorp/aws provider was not found in a Terraform filesystem mirror (searched: {string.Join(", ", roots)}); " +
                 $"set {PluginDirVariable} to a mirror root that holds registry.terraform.io/hashicorp/aws/<version>/{PlatformDirectory()}/";
        return false;
    }

    private static string PlatformDirectory()
    {
        var os = OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "darwin" : OperatingSystem.IsWindows() ? "windows" : "unknown";
        var arch = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.X64 => "amd64",
            System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
            System.Runtime.InteropServices.Architecture.X86 => "386",
            _ => "unknown",
        };
        return $"{os}_{arch}";
    }
}

/// <summary>One installed hashicorp/aws provider.</summary>
/// <param name="MirrorRoot">The filesystem mirror's root directory.</param>
/// <param name="Version">The provider version, e.g. 5.100.0.</param>
/// <param name="BinaryPath">The provider executable.</param>
public sealed record AwsProviderLocation(string MirrorRoot, string Version, string BinaryPath);
