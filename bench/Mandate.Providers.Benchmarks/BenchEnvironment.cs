namespace Mandate.Providers.Benchmarks;

/// <summary>Where the benchmarks find the AWS provider (same convention as the tests).</summary>
internal static class BenchEnvironment
{
    public const string Address = "registry.terraform.io/hashicorp/aws";
    public const string Version = "5.100.0";

    public static string ProviderBinary
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("MANDATE_TEST_PLUGIN_DIR") is { Length: > 0 } dir ? dir : "/opt/tf-plugins";
            var path = Path.Combine(root, "registry.terraform.io", "hashicorp", "aws", Version, "linux_amd64", $"terraform-provider-aws_v{Version}_x5");
            return File.Exists(path) ? path : throw new FileNotFoundException($"hashicorp/aws {Version} not found (set MANDATE_TEST_PLUGIN_DIR)", path);
        }
    }
}
