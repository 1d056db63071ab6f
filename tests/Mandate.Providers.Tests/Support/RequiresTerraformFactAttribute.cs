using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Xunit;

namespace Mandate.Providers.Tests.Support;

/// <summary>A fact that needs both the AWS provider and the terraform CLI; skipped, with the reason, without either.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class RequiresTerraformFactAttribute : FactAttribute
{
    public RequiresTerraformFactAttribute()
    {
        if (AwsProviderLocator.Default is null && !AwsProviderRequirement.IsRequired)
        {
            Skip = "needs the AWS provider: " + AwsProviderLocator.AbsenceReason;
        }
        else if (TerraformPath is null)
        {
            Skip = "needs the terraform CLI on PATH to compare states with `terraform show -json`";
        }
    }

    public static string? TerraformPath =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "terraform")).FirstOrDefault(File.Exists);
}
