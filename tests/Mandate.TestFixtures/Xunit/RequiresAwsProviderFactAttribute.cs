namespace Mandate.TestFixtures.Xunit;

using global::Xunit;
using Mandate.TestFixtures.Aws;

/// <summary>
/// A fact that needs the real hashicorp/aws provider. Without it the test is skipped and the skip message
/// says what was searched; with MANDATE_REQUIRE_AWS_PROVIDER=1 (set by .ci/run under CI) it runs and
/// fails instead, so CI can never pass by skipping.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresAwsProviderFactAttribute : FactAttribute
{
    public RequiresAwsProviderFactAttribute()
    {
        if (AwsProviderLocator.Default is null && !AwsProviderRequirement.IsRequired)
        {
            Skip = "needs the AWS provider: " + AwsProviderLocator.AbsenceReason;
        }
    }
}

/// <summary>Whether the environment demands the AWS provider be present (CI does).</summary>
public static class AwsProviderRequirement
{
    public const string Variable = "MANDATE_REQUIRE_AWS_PROVIDER";

    public static bool IsRequired => Environment.GetEnvironmentVariable(Variable) is "1" or "true";

    /// <summary>The located provider, or an exception carrying the reason it is absent.</summary>
    public static AwsProviderLocation Get() =>
        AwsProviderLocator.Default ?? throw new InvalidOperationException(AwsProviderLocator.AbsenceReason);
}
