namespace Mandate.Server.Api;

using System.Text.Json;
using System.Text.Json.Serialization;
using Mandate.Core.Access;

/// <summary>
/// The REST API's JSON conventions, applied to every minimal-API body and result: snake_case names
/// (as policies and the MCP tools spell them), compact output, nulls left out, and strict input — an
/// unknown field is an error naming it, a missing required one too, so a typo never silently does nothing.
/// </summary>
internal static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.PropertyNameCaseInsensitive = false;
        options.WriteIndented = false;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.RespectRequiredConstructorParameters = true;
        options.RespectNullableAnnotations = true;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.AllowTrailingCommas = false;
        options.ReadCommentHandling = JsonCommentHandling.Disallow;
        options.MaxDepth = 64;
        // Wire names as every other surface spells them: roles and principal kinds in kebab-case
        // (policy-author, api-key), every other enum in snake_case (pending_review); never numbers.
        options.Converters.Add(new JsonStringEnumConverter<Role>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.Converters.Add(new JsonStringEnumConverter<PrincipalKind>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new SpaceIdConverter());
    }

    /// <summary>A space id is its name on the wire; a bad name is refused with the naming rule.</summary>
    private sealed class SpaceIdConverter : JsonConverter<SpaceId>
    {
        public override SpaceId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String
                ? new SpaceId(reader.GetString()!)
                : throw new JsonException("a space is given by its name, as a string");

        public override void Write(Utf8JsonWriter writer, SpaceId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
    }

    /// <summary>A stand-alone copy of the options, for code that serializes outside the minimal-API pipeline.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
