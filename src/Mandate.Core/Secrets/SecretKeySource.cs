namespace Mandate.Core.Secrets;

/// <summary>The key <see cref="SecretKeySource.Load"/> found, and where (for a start-up log line; never the key).</summary>
/// <param name="Key">The key.</param>
/// <param name="Source">Where it came from, e.g. <c>environment variable MANDATE_SECRET_KEY</c> or a file path.</param>
/// <param name="Created">True when a new key file was written on this call.</param>
public sealed record LoadedSecretKey(SecretKey Key, string Source, bool Created);

/// <summary>
/// Finds the key that encrypts secrets at rest. It is kept outside the database, so a copy of the
/// database alone reveals no secret. In order:
/// <list type="number">
/// <item><c>MANDATE_SECRET_KEY</c>: base64 of 32 bytes (servers, secret managers);</item>
/// <item><c>MANDATE_SECRET_KEY_FILE</c>: path of a file holding that base64 text;</item>
/// <item><c>&lt;data dir&gt;/secret.key</c>, created with mode 0600 on first use.</item>
/// </list>
/// On Unix a key file readable or writable by group or others is refused, with the chmod that fixes it.
/// </summary>
public static class SecretKeySource
{
    /// <summary>Environment variable holding the key as base64.</summary>
    public const string KeyVariable = "MANDATE_SECRET_KEY";

    /// <summary>Environment variable holding the path of a key file.</summary>
    public const string KeyFileVariable = "MANDATE_SECRET_KEY_FILE";

    /// <summary>Name of the key file created in the data directory.</summary>
    public const string DefaultFileName = "secret.key";

    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Loads (or on first use creates) the key. <paramref name="environment"/> reads a variable; it
    /// defaults to the process environment and exists so tests need not change it.
    /// Throws <see cref="MandateException"/> (<see cref="SecretErrorCodes.SecretKeyUnusable"/>) with
    /// what to do when the key is malformed or its file is exposed.
    /// </summary>
    public static LoadedSecretKey Load(string dataDirectory, Func<string, string?>? environment = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        environment ??= Environment.GetEnvironmentVariable;

        if (environment(KeyVariable) is { Length: > 0 } inline)
        {
            var source = $"environment variable {KeyVariable}";
            return new LoadedSecretKey(SecretKey.FromBase64(inline, source), source, Created: false);
        }

        if (environment(KeyFileVariable) is { Length: > 0 } configuredPath)
        {
            if (!File.Exists(configuredPath))
            {
                throw SecretKey.Unusable($"{KeyFileVariable} names '{configuredPath}', which does not exist");
            }

            return new LoadedSecretKey(ReadKeyFile(configuredPath), configuredPath, Created: false);
        }

        var path = Path.Combine(dataDirectory, DefaultFileName);
        if (File.Exists(path))
        {
            return new LoadedSecretKey(ReadKeyFile(path), path, Created: false);
        }

        return CreateKeyFile(path);
    }

    private static SecretKey ReadKeyFile(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & GroupOrOther) != 0)
            {
                throw SecretKey.Unusable(
                    $"the secret key file '{path}' is accessible by group or others (mode {ModeText(mode)}); it must be readable only by its owner. Fix it with: chmod 600 '{path}'");
            }
        }

        return SecretKey.FromBase64(File.ReadAllText(path), $"key file '{path}'");
    }

    private static LoadedSecretKey CreateKeyFile(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var key = SecretKey.Generate();

        // O_CREAT|O_EXCL on the final path: exactly one process creates the file, the others see it exist
        // and read that key, so concurrent first starts agree. (A temp file moved into place is not enough:
        // .NET falls back to an overwriting rename where hard links are unavailable.)
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            return new LoadedSecretKey(ReadWhenComplete(path), path, Created: false);
        }

        using (stream)
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(key.ToBase64());
            writer.Write('\n');
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        return new LoadedSecretKey(key, path, Created: true);
    }

    // The creator may still be writing; a complete key is a whole line. Waits briefly, then reads whatever is
    // there (a truncated file then fails with the key file's own clear error).
    private static SecretKey ReadWhenComplete(string path)
    {
        for (var attempt = 0; attempt < 100 && !File.ReadAllText(path).EndsWith('\n'); attempt++)
        {
            Thread.Sleep(10);
        }

        return ReadKeyFile(path);
    }

    private static string ModeText(UnixFileMode mode) => Convert.ToString((int)mode & 0x1FF, 8).PadLeft(4, '0');
}
