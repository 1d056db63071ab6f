namespace Mandate.Server;

/// <summary>Finds and prepares the directory that holds Mandate's own data.</summary>
public static class DataDirectory
{
    /// <summary>Environment variable that overrides the per-user default.</summary>
    public const string EnvironmentVariable = "MANDATE_DATA_DIR";

    /// <summary>
    /// The per-user default: $MANDATE_DATA_DIR, else $XDG_DATA_HOME/mandate, else ~/.local/share/mandate
    /// (on Windows and macOS, the platform's local application-data folder).
    /// </summary>
    public static string ResolveDefault()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "mandate");
        }

        var localData = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        return Path.Combine(localData, "mandate");
    }

    /// <summary>
    /// Creates the directory (and parents) when missing. On Unix it is made readable by its owner only,
    /// because it will hold the store and the key that encrypts secrets.
    /// </summary>
    public static string Prepare(string path)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            throw new IOException($"data directory '{full}' is a file; pass a directory to --data-dir");
        }

        if (!Directory.Exists(full))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(full);
            }
            else
            {
                Directory.CreateDirectory(full, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        return full;
    }
}
