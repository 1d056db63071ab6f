using System.Diagnostics;
using System.Text.RegularExpressions;
using Mandate.Providers.Registry;
using Xunit.Abstractions;

namespace Mandate.Providers.Tests.Registry;

/// <summary>The real hashicorp/aws 5.100.0 in a filesystem mirror, hashed exactly as Terraform's lock file records it.</summary>
public sealed partial class RealAwsMirrorTests(ITestOutputHelper output)
{
    private static readonly ProviderAddress Aws = ProviderAddress.Parse("hashicorp/aws");
    private static readonly ProviderPlatform LinuxAmd64 = new("linux", "amd64");

    [RealAwsMirrorFact]
    public async Task Mirror_source_finds_aws_5_100_0_and_the_installer_uses_it_in_place()
    {
        var cache = Directory.CreateTempSubdirectory("mandate-aws-cache");
        try
        {
            using var http = new HttpClient();
            // No registry in the chain: finding it proves no network is involved.
            var installer = new ProviderInstaller(ProviderSources.Create(cache.FullName, [RealAwsMirror.Root], registry: null),
                cache.FullName, http, new PackageAuthenticator(http));

            var installed = await installer.InstallAsync(Aws, VersionConstraints.Parse("= 5.100.0"), LinuxAmd64);

            Assert.Equal(RealAwsMirror.PackageDirectory, installed.Directory);
            Assert.Equal("terraform-provider-aws_v5.100.0_x5", Path.GetFileName(installed.ExecutablePath));
            Assert.Equal(PackageAuthenticationKind.LocalMirror, installed.Authentication.Kind);
            Assert.Empty(Directory.EnumerateFileSystemEntries(cache.FullName));
        }
        finally
        {
            cache.Delete(recursive: true);
        }
    }

    [RealAwsAndTerraformFact]
    public async Task H1_hash_equals_what_terraform_providers_lock_writes()
    {
        var work = Directory.CreateTempSubdirectory("mandate-tflock");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "main.tf"),
                "terraform {\n  required_providers {\n    aws = { source = \"hashicorp/aws\", version = \"5.100.0\" }\n  }\n}\n");
            var start = new ProcessStartInfo(RealAwsMirror.TerraformPath!, ["providers", "lock", $"-fs-mirror={RealAwsMirror.Root}", "-platform=linux_amd64"])
            {
                WorkingDirectory = work.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["TF_IN_AUTOMATION"] = "1";
            start.Environment["CHECKPOINT_DISABLE"] = "1";
            var watch = Stopwatch.StartNew();
            using (var terraform = Process.Start(start)!)
            {
                var stderr = terraform.StandardError.ReadToEndAsync();
                var stdout = await terraform.StandardOutput.ReadToEndAsync();
                await terraform.WaitForExitAsync();
                Assert.True(terraform.ExitCode == 0, $"terraform providers lock failed: {stdout}\n{await stderr}");
            }
            output.WriteLine($"terraform providers lock: {watch.ElapsedMilliseconds} ms");
            var lockFile = await File.ReadAllTextAsync(Path.Combine(work.FullName, ".terraform.lock.hcl"));
            var expected = H1Line().Match(lockFile);
            Assert.True(expected.Success, "no h1: hash in .terraform.lock.hcl:\n" + lockFile);

            watch.Restart();
            var actual = PackageHashes.H1ForDirectory(RealAwsMirror.PackageDirectory);
            output.WriteLine($"PackageHashes.H1ForDirectory over {new DirectoryInfo(RealAwsMirror.PackageDirectory).EnumerateFiles().Sum(f => f.Length) / 1_000_000} MB: {watch.ElapsedMilliseconds} ms -> {actual}");

            Assert.Equal(expected.Groups[1].Value, actual);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [GeneratedRegex("\"(h1:[A-Za-z0-9+/=]+)\"")]
    private static partial Regex H1Line();
}
