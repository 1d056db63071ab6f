using Mandate.Core.Secrets;

namespace Mandate.Core.Tests.Secrets;

public sealed class SecretKeySourceTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "mandate-keysrc-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void First_use_creates_a_key_file_readable_only_by_its_owner_and_reuses_it()
    {
        var first = SecretKeySource.Load(_dataDir, Env());
        var path = Path.Combine(_dataDir, "secret.key");

        Assert.True(first.Created);
        Assert.Equal(path, first.Source);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        var second = SecretKeySource.Load(_dataDir, Env());
        Assert.False(second.Created);
        Assert.Equal(first.Key.Id, second.Key.Id);
        Assert.Equal(32, Convert.FromBase64String(File.ReadAllText(path).Trim()).Length);
    }

    [UnixOnlyFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_key_file_others_can_read_is_refused_with_the_chmod_that_fixes_it()
    {
        SecretKeySource.Load(_dataDir, Env());
        var path = Path.Combine(_dataDir, "secret.key");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var error = Assert.Throws<MandateException>(() => SecretKeySource.Load(_dataDir, Env()));

        Assert.Equal(SecretErrorCodes.SecretKeyUnusable, error.Code);
        Assert.Contains("0644", error.Message, StringComparison.Ordinal);
        Assert.Contains($"chmod 600 '{path}'", error.Message, StringComparison.Ordinal);

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.False(SecretKeySource.Load(_dataDir, Env()).Created);
    }

    [Fact]
    public void The_environment_key_wins_over_any_file()
    {
        var key = new byte[32];
        key[31] = 1;
        var inline = Convert.ToBase64String(key);

        var loaded = SecretKeySource.Load(_dataDir, Env(("MANDATE_SECRET_KEY", inline), ("MANDATE_SECRET_KEY_FILE", "/nonexistent")));

        Assert.Equal(SecretKey.FromBytes(key).Id, loaded.Key.Id);
        Assert.Equal("environment variable MANDATE_SECRET_KEY", loaded.Source);
        Assert.False(Directory.Exists(_dataDir));
    }

    [Fact]
    public void A_configured_key_file_is_used_and_its_permissions_checked()
    {
        Directory.CreateDirectory(_dataDir);
        var path = Path.Combine(_dataDir, "elsewhere.key");
        var key = SecretKey.Generate();
        File.WriteAllText(path, Convert.ToBase64String(new byte[32]) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead);
        }

        var loaded = SecretKeySource.Load(_dataDir, Env(("MANDATE_SECRET_KEY_FILE", path)));

        Assert.Equal(SecretKey.FromBytes(new byte[32]).Id, loaded.Key.Id);
        Assert.NotEqual(key.Id, loaded.Key.Id);
        Assert.Equal(path, loaded.Source);
        Assert.False(File.Exists(Path.Combine(_dataDir, "secret.key")));
    }

    [Fact]
    public void A_missing_configured_key_file_is_an_error_not_a_new_key()
    {
        var error = Assert.Throws<MandateException>(() => SecretKeySource.Load(_dataDir, Env(("MANDATE_SECRET_KEY_FILE", "/nonexistent/k"))));

        Assert.Equal(SecretErrorCodes.SecretKeyUnusable, error.Code);
        Assert.Contains("/nonexistent/k", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("AAAA")]
    public void A_malformed_environment_key_says_what_is_expected(string value)
    {
        var error = Assert.Throws<MandateException>(() => SecretKeySource.Load(_dataDir, Env(("MANDATE_SECRET_KEY", value))));

        Assert.Equal(SecretErrorCodes.SecretKeyUnusable, error.Code);
        Assert.Contains("MANDATE_SECRET_KEY", error.Message, StringComparison.Ordinal);
        Assert.Contains("head -c 32 /dev/urandom | base64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Url_safe_base64_keys_are_accepted()
    {
        var bytes = Enumerable.Range(0, 32).Select(i => (byte)(0xF8 + i)).ToArray();
        var urlSafe = Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_').TrimEnd('=');

        Assert.Equal(SecretKey.FromBytes(bytes).Id, SecretKey.FromBase64(urlSafe, "test").Id);
    }

    [Fact]
    public void Concurrent_first_starts_agree_on_one_key()
    {
        var ids = new string[8];
        Parallel.For(0, ids.Length, i => ids[i] = SecretKeySource.Load(_dataDir, Env()).Key.Id);

        Assert.Single(ids.Distinct());
        Assert.Single(Directory.GetFiles(_dataDir));
    }
}
