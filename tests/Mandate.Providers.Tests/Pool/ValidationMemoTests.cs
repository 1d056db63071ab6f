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
        var key = ValidationMemo.KeyOf(binary, Config("us-east-1"), ConfigType);

        Assert.Equal(key, ValidationMemo.KeyOf(binary, Config("us-east-1"), ConfigType));
        Assert.NotEqual(key, ValidationMemo.KeyOf(new string('b', 64), Config("us-east-1"), ConfigType));
        Assert.NotEqual(key, ValidationMemo.KeyOf(binary, Config("us-west-2"), ConfigType));
        Assert.NotEqual(key, ValidationMemo.KeyOf(binary, CtyValue.Null(ConfigType), ConfigType));
    }

    [Fact]
    public void Only_a_remembered_key_is_known_valid_and_it_survives_a_new_instance()
    {
        var key = ValidationMemo.KeyOf(new string('a', 64), Config("us-east-1"), ConfigType);
        Assert.False(new ValidationMemo(_cache.FullName).IsKnownValid(key));

        new ValidationMemo(_cache.FullName).RememberValid(key, NullProviderLog.Instance);

        Assert.True(new ValidationMemo(_cache.FullName).IsKnownValid(key));
        Assert.False(new ValidationMemo(_cache.FullName).IsKnownValid(ValidationMemo.KeyOf(new string('a', 64), Config("eu-west-1"), ConfigType)));
    }

    private static CtyValue Config(string region) => CtyValue.Object(new Dictionary<string, CtyValue> { ["region"] = CtyValue.String(region) });
}
