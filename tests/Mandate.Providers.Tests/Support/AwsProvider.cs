namespace Mandate.Providers.Tests.Support;

/// <summary>Finds the real hashicorp/aws 5.100.0 binary in a Terraform filesystem mirror.</summary>
internal static class AwsProvider
{
    public const string Version = "5.100.0";

    /// <summary>The mirror root: MANDATE_TEST_PLUGIN_DIR, else /opt/tf-plugins.</summary>
    public static string MirrorRoot =>
        Environment.GetEnvironmentVariable("MANDATE_TEST_PLUGIN_DIR") is { Length: > 0 } dir ? dir : "/opt/tf-plugins";

    public static string BinaryPath => Path.Combine(
        MirrorRoot, "registry.terraform.io", "hashicorp", "aws", Version, "linux_amd64", $"terraform-provider-aws_v{Version}_x5");

    /// <summary>Null when the binary is present, else why tests that need it are skipped.</summary>
    public static string? MissingReason =>
        File.Exists(BinaryPath) ? null : $"hashicorp/aws {Version} not found at {BinaryPath} (set MANDATE_TEST_PLUGIN_DIR to a filesystem mirror that has it)";
}

/// <summary>A fact that runs only when the real AWS provider binary is available, and says why when it is not.</summary>
internal sealed class AwsProviderFactAttribute : FactAttribute
{
    public AwsProviderFactAttribute()
    {
        if (AwsProvider.MissingReason is { } reason)
        {
            Skip = reason;
        }
    }
}
