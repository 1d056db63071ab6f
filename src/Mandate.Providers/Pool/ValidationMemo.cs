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
/// directory, named by a SHA-256 over everything the answer depends on: the binary's hash, the configuration's
/// msgpack bytes and the environment the provider inherits (SDKv2 defaults read variables such as AWS_REGION).
/// Only acceptance is remembered: a rejected configuration is asked about again, and changes nothing here.
/// </summary>
/// <remarks>
/// The name is a plain hash of the configuration, secrets included: someone who can list the directory and who
/// already knows every other attribute could confirm a guessed secret offline. The directory is as private as the
/// schema cache it sits in.
/// </remarks>
internal sealed class ValidationMemo(string cacheDirectory)
{
    private readonly string _directory = Path.Combine(cacheDirectory, "validated-configs");

    /// <summary>The memo key of <paramref name="config"/> for the binary with hash <paramref name="binarySha256"/>.</summary>
    public static string KeyOf(string binarySha256, CtyValue config, CtyType configType)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
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

    /// <summary>The variables a launched provider inherits (go-plugin's own PLUGIN_* are set per launch), sorted.</summary>
    private static IEnumerable<string> InheritedEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Select(e => $"{e.Key}={e.Value}")
            .Where(v => !v.StartsWith("PLUGIN_", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
}
