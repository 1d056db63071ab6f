using System.Diagnostics;
using Mandate.Providers.Registry.OpenPgp;

namespace Mandate.Providers.Tests.Registry;

/// <summary>
/// The OpenPGP reader against real-world keys this machine already trusts: Debian's archive signing keys
/// (RSA 4096, subkeys, certifications made years ago by another implementation). Fingerprints must match what
/// gpg reports, and every primary key's self-certification must verify.
/// </summary>
public sealed class RealKeyInteropTests
{
    private const string KeyDirectory = "/etc/apt/trusted.gpg.d";

    public static TheoryData<string> DebianKeys()
    {
        var data = new TheoryData<string>();
        if (Directory.Exists(KeyDirectory))
        {
            foreach (var file in Directory.EnumerateFiles(KeyDirectory, "*.asc").Order(StringComparer.Ordinal))
                data.Add(Path.GetFileName(file));
        }
        return data;
    }

    [DebianKeysTheory]
    [MemberData(nameof(DebianKeys))]
    public void Debian_archive_key_parses_with_gpg_fingerprints_and_valid_self_certification(string fileName)
    {
        var path = Path.Combine(KeyDirectory, fileName);

        var keys = PgpPublicKey.ReadKeyRing(File.ReadAllBytes(path), fileName);

        Assert.Equal(GpgFingerprints(path), keys.Select(k => k.FingerprintHex));
        // Every key and signing subkey whose algorithm is supported must be valid: self-certification, binding with
        // the signing flag. Judged the day after creation: some archive keys have expired since, which is not the point.
        foreach (var key in keys.Where(k => k.Primary.UnsupportedReason is null))
            PgpKeyValidity.Check(key, key.Created.AddDays(1));
    }

    /// <summary>Skipped, with the reason, when there are no Debian keys or no gpg to compare with.</summary>
    public sealed class DebianKeysTheoryAttribute : TheoryAttribute
    {
        public DebianKeysTheoryAttribute()
        {
            if (!Directory.Exists(KeyDirectory) || !Directory.EnumerateFiles(KeyDirectory, "*.asc").Any())
                Skip = $"no armored keys in {KeyDirectory} (not a Debian system): real-key interop is not checked.";
            else if (!File.Exists("/usr/bin/gpg"))
                Skip = "/usr/bin/gpg is not installed: the fingerprints cannot be compared with gpg's.";
        }
    }

    private static List<string> GpgFingerprints(string path)
    {
        var start = new ProcessStartInfo("/usr/bin/gpg", ["--batch", "--with-colons", "--show-keys", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var home = new TempGnupgHome();
        start.Environment["GNUPGHOME"] = home.Path;
        using var gpg = Process.Start(start)!;
        var output = gpg.StandardOutput.ReadToEnd();
        gpg.StandardError.ReadToEnd();
        gpg.WaitForExit();
        return output.Split('\n').Where(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Select(l => l.Split(':')[9]).ToList();
    }

    private sealed class TempGnupgHome : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("mgpg").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
