using System.Security.Cryptography;
using System.Text.Json;

namespace Mandate.Providers.Schema;

/// <summary>
/// SHA-256 of provider binaries, remembered on disk by (path, size, modification time): the AWS provider is
/// ~700 MB and hashing it costs seconds, far more than the cold start the schema cache exists to make fast.
/// A binary that changes in place gets a new size or time and is hashed again.
/// </summary>
public static class ProviderBinaryHash
{
    /// <summary>The binary's SHA-256 (lower-case hex), reusing a remembered value when the file is unchanged.</summary>
    public static async ValueTask<string> GetSha256Async(string binaryPath, string memoDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(binaryPath);
        ArgumentNullException.ThrowIfNull(memoDirectory);
        var info = new FileInfo(binaryPath);
        if (!info.Exists) throw new FileNotFoundException($"Provider binary not found: {binaryPath}", binaryPath);
        var fullPath = info.FullName;
        var memoFile = Path.Combine(memoDirectory, "binary-hashes", Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(fullPath))) + ".json");
        var stamp = new Memo(fullPath, info.Length, info.LastWriteTimeUtc.Ticks, "");
        if (File.Exists(memoFile))
        {
            try
            {
                var memo = JsonSerializer.Deserialize(await File.ReadAllBytesAsync(memoFile, cancellationToken), MemoContext.Default.Memo);
                if (memo is not null && memo with { Sha256 = "" } == stamp && memo.Sha256.Length == 64) return memo.Sha256;
            }
            catch (JsonException)
            {
                // A damaged memo is only a lost shortcut: hash again and rewrite it.
            }
        }

        string sha;
        await using (var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan | FileOptions.Asynchronous))
            sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        Directory.CreateDirectory(Path.GetDirectoryName(memoFile)!);
        var temp = memoFile + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temp, JsonSerializer.SerializeToUtf8Bytes(stamp with { Sha256 = sha }, MemoContext.Default.Memo), cancellationToken);
        File.Move(temp, memoFile, overwrite: true);
        return sha;
    }

    internal sealed record Memo(string Path, long Size, long ModifiedTicks, string Sha256);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(ProviderBinaryHash.Memo))]
internal sealed partial class MemoContext : System.Text.Json.Serialization.JsonSerializerContext;
