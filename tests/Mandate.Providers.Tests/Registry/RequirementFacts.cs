namespace Mandate.Providers.Tests.Registry;

/// <summary>A fact that is skipped, with the reason shown, when /usr/bin/gpg is absent.</summary>
public sealed class GpgFactAttribute : FactAttribute
{
    public GpgFactAttribute()
    {
        if (!File.Exists("/usr/bin/gpg"))
            Skip = "/usr/bin/gpg is not installed; signature tests need Debian's gpg to make real signatures (apt-get install gnupg).";
    }
}

/// <summary>A fact that needs the real hashicorp/aws 5.100.0 in a filesystem mirror (MANDATE_TEST_PLUGIN_DIR or /opt/tf-plugins).</summary>
public sealed class RealAwsMirrorFactAttribute : FactAttribute
{
    public RealAwsMirrorFactAttribute()
    {
        if (!Directory.Exists(RealAwsMirror.PackageDirectory))
            Skip = $"hashicorp/aws 5.100.0 for linux_amd64 is not at {RealAwsMirror.PackageDirectory}; set MANDATE_TEST_PLUGIN_DIR to a filesystem mirror that has it.";
    }
}

/// <summary>Like <see cref="RealAwsMirrorFactAttribute"/>, and also needs the terraform CLI to compute the reference hash.</summary>
public sealed class RealAwsAndTerraformFactAttribute : FactAttribute
{
    public RealAwsAndTerraformFactAttribute()
    {
        if (!Directory.Exists(RealAwsMirror.PackageDirectory))
            Skip = $"hashicorp/aws 5.100.0 for linux_amd64 is not at {RealAwsMirror.PackageDirectory}; set MANDATE_TEST_PLUGIN_DIR to a filesystem mirror that has it.";
        else if (RealAwsMirror.TerraformPath is null)
            Skip = "terraform is not on PATH; it is needed to compute the reference h1: hash with `terraform providers lock`.";
    }
}

internal static class RealAwsMirror
{
    public static string Root { get; } = Environment.GetEnvironmentVariable("MANDATE_TEST_PLUGIN_DIR") is { Length: > 0 } dir ? dir : "/opt/tf-plugins";

    public static string PackageDirectory => Path.Combine(Root, "registry.terraform.io", "hashicorp", "aws", "5.100.0", "linux_amd64");

    public static string? TerraformPath { get; } =
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "terraform")).FirstOrDefault(File.Exists);
}
