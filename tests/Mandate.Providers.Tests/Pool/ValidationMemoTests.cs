using Mandate.Providers.Cty;
using Mandate.Providers.Plugin;
using Mandate.Providers.Pool;

namespace Mandate.Providers.Tests.Pool;

/// <summary>A remembered validation may only be reused for exactly the same binary and configuration.</summary>
public sealed class ValidationMemoTests : IDisposable
{
    private static readonly CtyType ConfigType = CtyType.Object(new Dictionary<string, CtyType> { ["region"] = CtyType.String });
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("mandate-validation-memo-");

    public void Dispose() => _cache.Delete(recursive: true);

    [Fact]
    public void The_key_changes_with_the_binary_and_the_configuration_and_only_with_them()
    {
        var binary = new string('a', 64);
        var memo = Memo();
        var key = memo.KeyOf(binary, Config("us-east-1"), ConfigType, NullProviderLog.Instance);

        Assert.NotNull(key);
        Assert.Equal(key, Memo().KeyOf(binary, Config("us-east-1"), ConfigType, NullProviderLog.Instance));
        Assert.NotEqual(key, memo.KeyOf(new string('b', 64), Config("us-east-1"), ConfigType, NullProviderLog.Instance));
        Assert.NotEqual(key, memo.KeyOf(binary, Config("us-west-2"), ConfigType, NullProviderLog.Instance));
        Assert.NotEqual(key, memo.KeyOf(binary, CtyValue.Null(ConfigType), ConfigType, NullProviderLog.Instance));
    }

    [Fact]
    public void Names_are_keyed_by_a_private_secret_so_a_listing_cannot_confirm_a_guessed_configuration()
    {
        var key = Memo().KeyOf(new string('a', 64), Config("secret-guess"), ConfigType, NullProviderLog.Instance);

        var secretFile = new FileInfo(Path.Combine(_cache.FullName, "validated-configs", ".memo-key"));
        Assert.True(secretFile.Exists);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, secretFile.UnixFileMode);

        // Another cache directory has another secret, so the same configuration gets an unrelated name.
        var other = Directory.CreateTempSubdirectory("mandate-validation-memo-");
        try
        {
            Assert.NotEqual(key, new ValidationMemo(other.FullName).KeyOf(new string('a', 64), Config("secret-guess"), ConfigType, NullProviderLog.Instance));
        }
        finally
        {
            other.Delete(recursive: true);
        }
    }

    [Fact]
    public void Only_a_remembered_key_is_known_valid_and_it_survives_a_new_instance()
    {
        var key = Memo().KeyOf(new string('a', 64), Config("us-east-1"), ConfigType, NullProviderLog.Instance)!;
        Assert.False(Memo().IsKnownValid(key));

        Memo().RememberValid(key, NullProviderLog.Instance);

        Assert.True(Memo().IsKnownValid(key));
        Assert.False(Memo().IsKnownValid(Memo().KeyOf(new string('a', 64), Config("eu-west-1"), ConfigType, NullProviderLog.Instance)!));
    }

    [Fact]
    public void Memos_created_at_the_same_moment_agree_on_one_key()
    {
        // Each memo instance creates the key file on first use; racing creators must all end up with the winner's key,
        // or the losers' entries would be unreachable to every later process.
        using var start = new Barrier(8);
        var keys = new string?[8];
        var threads = Enumerable.Range(0, 8).Select(i => new Thread(() =>
        {
            var memo = Memo();
            start.SignalAndWait();
            keys[i] = memo.KeyOf(new string('a', 64), Config("us-east-1"), ConfigType, NullProviderLog.Instance);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.All(keys, k => Assert.Equal(keys[0], k));
        Assert.Equal(keys[0], Memo().KeyOf(new string('a', 64), Config("us-east-1"), ConfigType, NullProviderLog.Instance));
        Assert.Equal([".memo-key"], Directory.GetFiles(Path.Combine(_cache.FullName, "validated-configs")).Select(Path.GetFileName));
    }

    [Fact]
    public void A_damaged_key_file_is_replaced_by_a_whole_one()
    {
        var directory = Directory.CreateDirectory(Path.Combine(_cache.FullName, "validated-configs"));
        var keyFile = Path.Combine(directory.FullName, ".memo-key");
        File.WriteAllBytes(keyFile, [1, 2, 3]);

        var key = Memo().KeyOf(new string('a', 64), Config("us-east-1"), ConfigType, NullProviderLog.Instance);

        Assert.NotNull(key);
        Assert.Equal(32, new FileInfo(keyFile).Length);
        Assert.Equal(key, Memo().KeyOf(new string('a', 64), Config("us-east-1"), ConfigType, NullProviderLog.Instance));
    }

    private ValidationMemo Memo() => new(_cache.FullName);

    private static CtyValue Config(string region) => CtyValue.Object(new Dictionary<string, CtyValue> { ["region"] = CtyValue.String(region) });
}
