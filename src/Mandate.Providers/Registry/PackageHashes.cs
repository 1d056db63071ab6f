using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Mandate.Providers.Registry;

/// <summary>
/// The package hashes Terraform writes into <c>.terraform.lock.hcl</c>:
/// <c>zh:</c> is the hex SHA-256 of the release zip (what registries sign), and <c>h1:</c> is Go's module
/// "dirhash" version 1 over the package's files, which is the same for the zip and its unpacked directory.
/// h1 = base64(SHA-256 of the lines "hex(SHA-256(file))  name\n" for every file, sorted by name), where
/// names are relative paths with '/' separators.
/// </summary>
public static class PackageHashes
{
    /// <summary>The <c>h1:</c> scheme prefix.</summary>
    public const string H1Prefix = "h1:";

    /// <summary>The <c>zh:</c> scheme prefix.</summary>
    public const string ZipPrefix = "zh:";

    /// <summary><c>zh:</c> + hex SHA-256 of the archive file.</summary>
    public static string ZipHash(string zipPath)
    {
        using var stream = File.OpenRead(zipPath);
        return ZipPrefix + Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary><c>h1:</c> over every file below <paramref name="directory"/> (an unpacked package).</summary>
    public static string H1ForDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        // Terraform resolves a symlinked package directory first, then hashes what it points at.
        var root = new DirectoryInfo(directory).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(directory);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(path => (Name: Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'), Path: path))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        return H1(files.Select(f => (f.Name, (Func<Stream>)(() => File.OpenRead(f.Path)))));
    }

    /// <summary><c>h1:</c> over the entries of a zip archive, equal to the h1 of its unpacked directory.</summary>
    public static string H1ForZip(string zipPath)
    {
        using var archive = ZipFile.OpenRead(zipPath);
        // Like Go's dirhash.HashZip, every entry counts, in name order.
        var entries = archive.Entries.OrderBy(e => e.FullName, StringComparer.Ordinal).ToList();
        return H1(entries.Select(e => (e.FullName, (Func<Stream>)e.Open)));
    }

    private static string H1(IEnumerable<(string Name, Func<Stream> Open)> files)
    {
        using var summary = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, open) in files)
        {
            // A newline in a name would let one file's line impersonate two; dirhash refuses such names too.
            if (name.Contains('\n', StringComparison.Ordinal))
                throw new BadPackageException($"Cannot hash the package: file name \"{name.ReplaceLineEndings("\\n")}\" contains a newline.");
            byte[] fileHash;
            using (var stream = open())
                fileHash = SHA256.HashData(stream);
            summary.AppendData(Encoding.UTF8.GetBytes($"{Convert.ToHexStringLower(fileHash)}  {name}\n"));
        }
        return H1Prefix + Convert.ToBase64String(summary.GetHashAndReset());
    }
}
