namespace Mandate.TestFixtures.Files;

using System.Text;

/// <summary>Looks for a text in a file's raw bytes, as a grep would: for secrets that must never be written in plain text.</summary>
public static class FileBytes
{
    /// <summary>True when the UTF-8 bytes of <paramref name="text"/> occur in the file (read while others may still write it).</summary>
    public static bool Contains(string path, string text)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.GetBuffer().AsSpan(0, (int)memory.Length).IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
    }

    /// <summary>The files of a SQLite database: the file itself and its -wal, -shm and -journal companions, as they exist.</summary>
    public static IReadOnlyList<string> SqliteFiles(string databasePath) =>
        Directory.EnumerateFiles(Path.GetDirectoryName(Path.GetFullPath(databasePath))!, Path.GetFileName(databasePath) + "*").ToList();
}
