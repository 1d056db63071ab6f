namespace Mandate.Storage.Sql;

using System.Text.Json;
using Mandate.Core.Model;

/// <summary>JSON columns for small lists (labels, providers): one serializer setup for both dialects.</summary>
internal static class Json
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Labels(IReadOnlyList<string> labels) => JsonSerializer.Serialize(labels, Options);

    public static IReadOnlyList<string> Labels(string json) => JsonSerializer.Deserialize<List<string>>(json, Options) ?? [];

    public static string Providers(IReadOnlyList<ProviderRequirement> providers) => JsonSerializer.Serialize(providers, Options);

    public static IReadOnlyList<ProviderRequirement> Providers(string json) =>
        JsonSerializer.Deserialize<List<ProviderRequirement>>(json, Options) ?? [];
}

/// <summary>Times are stored as Unix milliseconds in both dialects.</summary>
internal static class Time
{
    public static long ToMs(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static long? ToMs(DateTimeOffset? value) => value?.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    public static DateTimeOffset? FromMs(long? value) => value is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(value.Value);
}
