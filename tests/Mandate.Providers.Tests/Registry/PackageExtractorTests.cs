using System.IO.Compression;
using Mandate.Providers.Registry;

namespace Mandate.Providers.Tests.Registry;

// Unix file modes are part of what is tested (the provider must be executable).
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PackageExtractorTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mandate-extract");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Entry_escaping_the_target_directory_is_refused()
    {
        var zip = Path.Combine(_dir.FullName, "evil.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        using (var s = archive.CreateEntry("../escaped.txt").Open())
            s.Write("x"u8);

        var error = Assert.Throws<BadPackageException>(() =>
            PackageExtractor.Extract(zip, Path.Combine(_dir.FullName, "out"), ProviderAddress.Parse("a/b"), CancellationToken.None));

        Assert.Contains("../escaped.txt", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir.FullName, "escaped.txt")));
    }

    [Fact]
    public void Stored_unix_modes_are_kept_and_the_provider_executable_is_always_executable()
    {
        var zip = Path.Combine(_dir.FullName, "p.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            var script = archive.CreateEntry("helper.sh");
            script.ExternalAttributes = 0b111_101_000 << 16; // 0750
            using (var s = script.Open())
                s.Write("#!/bin/sh\n"u8);
            using (var s = archive.CreateEntry("terraform-provider-b_v1.0.0").Open())
                s.Write("#!/bin/sh\n"u8);
        }
        var target = Path.Combine(_dir.FullName, "out");

        PackageExtractor.Extract(zip, target, ProviderAddress.Parse("a/b"), CancellationToken.None);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute,
            File.GetUnixFileMode(Path.Combine(target, "helper.sh")));
        Assert.True(File.GetUnixFileMode(Path.Combine(target, "terraform-provider-b_v1.0.0")).HasFlag(UnixFileMode.OtherExecute));
    }

    [Fact]
    public void Not_a_zip_is_a_bad_package()
    {
        var path = Path.Combine(_dir.FullName, "no.zip");
        File.WriteAllText(path, "not a zip");
        Assert.Throws<BadPackageException>(() => PackageExtractor.Extract(path, Path.Combine(_dir.FullName, "o"), ProviderAddress.Parse("a/b"), CancellationToken.None));
    }
}
