namespace Mandate.Core.Tests.Secrets;

/// <summary>A fact about Unix file modes, reported as skipped (with the reason) on Windows.</summary>
public sealed class UnixOnlyFactAttribute : FactAttribute
{
    public UnixOnlyFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Unix file modes do not apply on Windows";
        }
    }
}
