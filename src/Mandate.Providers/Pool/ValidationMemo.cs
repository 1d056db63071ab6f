using System.Collections;
using System.Security.Cryptography;
using System.Text;
using Mandate.Providers.Cty;
using Mandate.Providers.Cty.Msgpack;
using Mandate.Providers.Plugin;

namespace Mandate.Providers.Pool;

/// <summary>
/// Remembers, across processes, which provider configurations a provider binary has accepted, so a new Mandate
/// process does not spend the AWS provider's 3–4 s of ValidateProviderConfig on a configuration it validated
/// yesterday. One empty file per accepted configuration under <c>validated-configs/</c> of the schema cache
/// directory, named by an HMAC-SHA256 over everything the answer depends on: the binary's hash, the configuration's
/// msgpack bytes and the environment the provider inherits (SDKv2 defaults read variables such as AWS_REGION).
/// Only acceptance is remembered: a rejected configuration is asked about again, and changes nothing here.
/// </summary>
/// <remarks>
/// File names are HMAC-SHA256 under a random key kept in the same directory with mode 0600, not plain hashes: the
/// configuration and the environment carry secrets, and a plain hash would let anyone who can list the directory
/// confirm a guessed secret offline. Without the key file the names say nothing about the configuration.
/// </remarks>
internal sealed class ValidationMemo(string cacheDirectory)
{
    private const string KeyFileName = ".memo-key";
    private const int SecretLength = 32;
    private readonly string _directory = Path.Combine(cacheDirectory, "validated-configs");
    private byte[]? _secret;

    /// <summary>
    /// The memo key of <paramref name="config"/> for the binary with hash <paramref name="binarySha256"/>, or null
    /// when the memo's secret cannot be read or created (then every configuration is validated, as without a cache).
    /// </summary>
    public string? KeyOf(string binarySha256, CtyValue config, CtyType configType, IProviderLog log)
    {
        var secret = LoadOrCreateSecret(log);
        if (secret is null)
        {
            return null;
        }

        using var hash = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret);
        hash.AppendData(Encoding.UTF8.GetBytes(binarySha256 + "\n"));
        var encoded = CtyMsgpack.Encode(config, configType);
        hash.AppendData(BitConverter.GetBytes(encoded.Length));
        hash.AppendData(encoded);
        foreach (var variable in InheritedEnvironment())
        {
            hash.AppendData(Encoding.UTF8.GetBytes(variable + "\0"));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public bool IsKnownValid(string key) => File.Exists(Path.Combine(_directory, key));

    /// <summary>Records an accepted configuration; a memo that cannot be written only costs a later validation.</summary>
    public void RememberValid(string key, IProviderLog log)
    {
        try
        {
            Directory.CreateDirectory(_directory);
            File.WriteAllBytes(Path.Combine(_directory, key), []);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Write(ProviderLogLevel.Warning, "validation memo", "could not remember a validated provider configuration: " + e.Message);
        }
    }

    private byte[]? LoadOrCreateSecret(IProviderLog log)
    {
        // Read once per memo: the key never changes while a process runs, and KeyOf is asked per configuration.
        if (Volatile.Read(ref _secret) is { } cached)
        {
            return cached;
        }

        var path = Path.Combine(_directory, KeyFileName);
        try
        {
            var secret = ReadSecret(path) ?? CreateSecret(path);
            if (secret is not null)
            {
                Volatile.Write(ref _secret, secret);
            }

            return secret;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Write(ProviderLogLevel.Warning, "validation memo", "could not read or create the validation memo's key: " + e.Message);
            return null;
        }
    }

    private static byte[]? ReadSecret(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var existing = File.ReadAllBytes(path);
        return existing.Length == SecretLength ? existing : null;
    }

    /// <summary>
    /// Creates the key with an exclusive create, so when processes race exactly one key is written and every other
    /// creator reads that one. A key file of the wrong length that stays so (not one being written right now) is
    /// replaced; entries under the old key only cost later validations.
    /// </summary>
    private static byte[]? CreateSecret(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var secret = RandomNumberGenerator.GetBytes(SecretLength);
        try
        {
            using var stream = new FileStream(path, OwnerOnly(FileMode.CreateNew));
            stream.Write(secret);
            return secret;
        }
        catch (IOException) when (File.Exists(path))
        {
            if (WaitForWholeSecret(path) is { } winner)
            {
                return winner;
            }
        }

        var staging = path + "." + Guid.NewGuid().ToString("N");
        try
        {
            using (var stream = new FileStream(staging, OwnerOnly(FileMode.CreateNew)))
            {
                stream.Write(secret);
            }

            File.Move(staging, path, overwrite: true);
            return ReadSecret(path);
        }
        finally
        {
            File.Delete(staging);
        }
    }

    /// <summary>Another process may have created the file and not yet written its 32 bytes: give it a moment.</summary>
    private static byte[]? WaitForWholeSecret(string path)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (ReadSecret(path) is { } secret)
            {
                return secret;
            }

            Thread.Sleep(10);
        }

        return null;
    }

    private static FileStreamOptions OwnerOnly(FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }

    /// <summary>The variables a launched provider inherits (go-plugin's own PLUGIN_* are set per launch), sorted.</summary>
    private static IEnumerable<string> InheritedEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Select(e => $"{e.Key}={e.Value}")
            .Where(v => !v.StartsWith("PLUGIN_", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
}
