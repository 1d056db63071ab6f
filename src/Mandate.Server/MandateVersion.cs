namespace Mandate.Server;

using System.Reflection;

/// <summary>The product version, read once from the assembly's informational version.</summary>
public static class MandateVersion
{
    public static string Current { get; } = Read();

    private static string Read()
    {
        var informational = typeof(MandateVersion).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        // The SDK appends "+<commit>" when source-link data is available; the version alone is what users compare.
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }
}
