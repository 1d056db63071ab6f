using System.Runtime.InteropServices;

namespace Mandate.Providers.Registry;

/// <summary>An operating system and CPU pair in Go's spelling (<c>linux_amd64</c>), as registries and mirrors name them.</summary>
/// <param name="Os">Go's GOOS, e.g. <c>linux</c>, <c>darwin</c>, <c>windows</c>.</param>
/// <param name="Arch">Go's GOARCH, e.g. <c>amd64</c>, <c>arm64</c>.</param>
public readonly record struct ProviderPlatform(string Os, string Arch)
{
    /// <summary>The platform this process runs on, in Go's names.</summary>
    public static ProviderPlatform Current { get; } = new(CurrentOs(), CurrentArch());

    /// <summary>Parses <c>os_arch</c>, the form used in mirror directory names and CLI flags.</summary>
    /// <exception cref="FormatException">Not two lower-case parts joined by one underscore.</exception>
    public static ProviderPlatform Parse(string text)
    {
        if (!TryParse(text, out var platform))
            throw new FormatException($"Invalid platform \"{text}\": expected \"os_arch\" in Go's names, e.g. \"linux_amd64\".");
        return platform;
    }

    /// <summary>Parses <c>os_arch</c> without throwing.</summary>
    public static bool TryParse(string? text, out ProviderPlatform platform)
    {
        platform = default;
        if (string.IsNullOrEmpty(text))
            return false;
        var sep = text.IndexOf('_', StringComparison.Ordinal);
        if (sep <= 0 || sep == text.Length - 1 || text.IndexOf('_', sep + 1) >= 0)
            return false;
        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
                return false;
        }
        platform = new ProviderPlatform(text[..sep], text[(sep + 1)..]);
        return true;
    }

    private static string CurrentOs() =>
        OperatingSystem.IsLinux() ? "linux"
        : OperatingSystem.IsMacOS() ? "darwin"
        : OperatingSystem.IsWindows() ? "windows"
        : OperatingSystem.IsFreeBSD() ? "freebsd"
        : RuntimeInformation.OSDescription.ToLowerInvariant();

    private static string CurrentArch() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        Architecture.X86 => "386",
        Architecture.Arm => "arm",
        var other => other.ToString().ToLowerInvariant(),
    };

    /// <summary><c>os_arch</c>.</summary>
    public override string ToString() => $"{Os}_{Arch}";
}
