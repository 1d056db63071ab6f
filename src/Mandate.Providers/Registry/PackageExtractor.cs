using System.IO.Compression;

namespace Mandate.Providers.Registry;

/// <summary>
/// Unpacks a provider zip safely: no entry may leave the target directory (zip-slip), Unix permission bits
/// stored in the archive are kept, and the provider executable is always made executable, since some
/// archivers drop the bits and the plugin must be launchable.
/// </summary>
internal static class PackageExtractor
{
    private const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public static void Extract(string zipPath, string targetDirectory, ProviderAddress provider, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(targetDirectory);
        var rootWithSeparator = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        Directory.CreateDirectory(root);
        ZipArchive archive;
        try
        {
            archive = ZipFile.OpenRead(zipPath);
        }
        catch (InvalidDataException ex)
        {
            throw new BadPackageException($"The package {Path.GetFileName(zipPath)} of {provider.ForDisplay()} is not a valid zip archive: {ex.Message}", ex);
        }
        using (archive)
        {
            foreach (var entry in archive.Entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var destination = Path.GetFullPath(Path.Combine(root, entry.FullName));
                if (!destination.StartsWith(rootWithSeparator, StringComparison.Ordinal) || Path.IsPathRooted(entry.FullName))
                {
                    throw new BadPackageException(
                        $"The package {Path.GetFileName(zipPath)} of {provider.ForDisplay()} has entry \"{entry.FullName}\", which would be written outside its directory; refusing it.");
                }
                if (entry.FullName.EndsWith('/'))
                {
                    Directory.CreateDirectory(destination);
                    continue;
                }
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                entry.ExtractToFile(destination, overwrite: false);
                if (!OperatingSystem.IsWindows())
                    SetMode(destination, entry, provider);
            }
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void SetMode(string path, ZipArchiveEntry entry, ProviderAddress provider)
    {
        // Zips made on Unix keep st_mode in the high 16 bits of the external attributes.
        var stored = (UnixFileMode)((entry.ExternalAttributes >> 16) & 0x1FF);
        var mode = stored != 0 ? stored | UnixFileMode.UserRead | UnixFileMode.UserWrite : File.GetUnixFileMode(path);
        if (Path.GetFileName(path).StartsWith(ProviderPackageLayout.ExecutablePrefix(provider), StringComparison.Ordinal))
            mode |= Executable;
        File.SetUnixFileMode(path, mode);
    }
}
