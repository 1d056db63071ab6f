using System.Diagnostics;

namespace Mandate.Providers.Tests.Registry;

/// <summary>
/// Debian's gpg in a throw-away GNUPGHOME: makes keys and detached signatures the way a provider publisher does,
/// so the verifier is tested against a real OpenPGP implementation rather than against itself.
/// </summary>
public sealed class GnuPg : IDisposable
{
    private const string GpgPath = "/usr/bin/gpg";
    private readonly Dictionary<string, string> _fingerprints = new(StringComparer.Ordinal);

    public GnuPg()
    {
        if (!File.Exists(GpgPath))
        {
            SkipReason = $"{GpgPath} is not installed; the signature tests need Debian's gpg to make real signatures.";
            return;
        }
        // gpg-agent's socket path must stay short (sun_path), so the home lives directly under /tmp.
        Home = Directory.CreateTempSubdirectory("mgpg").FullName;
    }

    /// <summary>Why the gpg-backed tests cannot run, or null.</summary>
    public string? SkipReason { get; }

    public string Home { get; } = "";

    /// <summary>Generates (once) a key with user id <paramref name="userId"/>; returns its fingerprint.</summary>
    /// <param name="algorithm">gpg's algorithm name: rsa3072, nistp256, ed25519.</param>
    /// <param name="signingSubkey">Make a certify-only primary key with a separate signing subkey.</param>
    public string Key(string userId, string algorithm = "rsa3072", bool signingSubkey = false)
    {
        lock (_fingerprints)
        {
            if (_fingerprints.TryGetValue(userId, out var known))
                return known;
            Run(["--quick-gen-key", userId, algorithm, signingSubkey ? "cert" : "sign", "never"]);
            var fingerprint = Run(["--with-colons", "--list-keys", userId])
                .Split('\n').First(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Split(':')[9];
            if (signingSubkey)
                Run(["--quick-add-key", fingerprint, algorithm, "sign", "never"]);
            _fingerprints[userId] = fingerprint;
            return fingerprint;
        }
    }

    /// <summary>A new signing key created at <paramref name="createdAt"/> (gpg's clock faked), never expiring.</summary>
    public string KeyCreatedAt(string userId, DateTimeOffset createdAt)
    {
        Run(["--faked-system-time", FakedTime(createdAt), "--quick-gen-key", userId, "rsa3072", "sign", "never"]);
        return Run(["--with-colons", "--list-keys", userId])
            .Split('\n').First(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Split(':')[9];
    }

    /// <summary>Adds a self-signature made at <paramref name="at"/> that sets the key to expire one day after <paramref name="at"/>.</summary>
    public void SetExpiryOneDayAfter(string fingerprint, DateTimeOffset at) =>
        Run(["--faked-system-time", FakedTime(at), "--quick-set-expire", fingerprint, "1d"]);

    /// <summary>Imports the revocation certificate gpg made when it generated the key, revoking it.</summary>
    public void Revoke(string fingerprint)
    {
        var certificate = File.ReadAllText(Path.Combine(Home, "openpgp-revocs.d", fingerprint + ".rev"));
        // gpg stores it with a ':' before the BEGIN line so that it is not imported by accident.
        var importable = Path.Combine(Home, fingerprint + ".rev.asc");
        File.WriteAllText(importable, certificate.Replace(":-----BEGIN", "-----BEGIN", StringComparison.Ordinal));
        Run(["--import", importable]);
    }

    private static string FakedTime(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", System.Globalization.CultureInfo.InvariantCulture) + "!";

    /// <summary>The key's 16-hex-digit key ID (last 8 octets of the fingerprint).</summary>
    public static string KeyId(string fingerprint) => fingerprint[^16..];

    public string ExportArmored(string fingerprint) => Run(["--armor", "--export", fingerprint]);

    /// <summary>A detached signature of <paramref name="data"/> by the key, binary unless <paramref name="armor"/>.</summary>
    public byte[] DetachSign(byte[] data, string fingerprint, bool armor = false, bool textMode = false, DateTimeOffset? at = null)
    {
        var input = Path.Combine(Home, $"in-{Guid.NewGuid():N}");
        var output = input + ".sig";
        File.WriteAllBytes(input, data);
        List<string> args = ["--yes", "--local-user", fingerprint + "!", "--digest-algo", "SHA256", "--output", output];
        if (armor)
            args.Add("--armor");
        if (textMode)
            args.Add("--textmode");
        if (at is { } time)
            args.AddRange(["--faked-system-time", FakedTime(time)]);
        args.AddRange(["--detach-sign", input]);
        Run(args);
        // A "!" after the fingerprint forces that exact key, so a subkey test names the subkey's fingerprint.
        return File.ReadAllBytes(output);
    }

    /// <summary>The fingerprint of the signing subkey of <paramref name="primaryFingerprint"/>.</summary>
    public string SigningSubkey(string primaryFingerprint) =>
        Run(["--with-colons", "--list-keys", primaryFingerprint]).Split('\n')
            .SkipWhile(l => !l.StartsWith("sub:", StringComparison.Ordinal))
            .First(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Split(':')[9];

    private string Run(IReadOnlyList<string> args)
    {
        // On a heavily loaded machine gpg may give up waiting for its freshly started agent; that is worth one more try.
        for (var attempt = 1; ; attempt++)
        {
            var (exitCode, stdout, stderr) = RunOnce(args);
            if (exitCode == 0)
                return stdout;
            if (attempt < 3 && stderr.Contains("agent", StringComparison.OrdinalIgnoreCase))
            {
                Thread.Sleep(500 * attempt);
                continue;
            }
            throw new InvalidOperationException($"gpg {string.Join(' ', args)} failed ({exitCode}): {stderr}");
        }
    }

    private (int ExitCode, string Stdout, string Stderr) RunOnce(IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo(GpgPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])["--homedir", Home, "--batch", "--pinentry-mode", "loopback", "--passphrase", ""])
            start.ArgumentList.Add(a);
        foreach (var a in args)
            start.ArgumentList.Add(a);
        start.Environment["GNUPGHOME"] = Home;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr);
    }

    public void Dispose()
    {
        if (Home.Length == 0)
            return;
        // gpg starts an agent per home directory; stop it so no process outlives the tests.
        try
        {
            using var kill = Process.Start(new ProcessStartInfo("gpgconf", ["--homedir", Home, "--kill", "all"]) { UseShellExecute = false });
            kill?.WaitForExit(5000);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // gpgconf missing: nothing was started through it either.
        }
        Directory.Delete(Home, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class GnuPgCollection : ICollectionFixture<GnuPg>
{
    public const string Name = "gpg";
}
