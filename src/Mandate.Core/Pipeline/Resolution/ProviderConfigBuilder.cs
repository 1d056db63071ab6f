namespace Mandate.Core.Pipeline.Resolution;

using System.Text.Json.Nodes;
using Mandate.Core.Model;
using Mandate.Core.Secrets;
using Mandate.Providers.Cty;
using Mandate.Providers.Lifecycle;
using Mandate.Providers.Schema;

/// <summary>
/// Turns an integration's settings and (decrypted) secrets into a provider configuration, typed and completed
/// by the provider's own configuration schema, so a misspelt endpoint service or a wrong type is reported with
/// the closest valid names before the provider is configured. Secret values never appear in its errors.
/// </summary>
internal static class ProviderConfigBuilder
{
    public static CtyValue Build(IntegrationRecord integration, IReadOnlyDictionary<string, string> secrets, SchemaBlock providerBlock, string providerDisplay)
    {
        var settings = JsonNode.Parse(integration.SettingsJson) as JsonObject ?? [];
        var config = integration.Kind switch
        {
            IntegrationKind.Aws => Aws(settings, secrets),
            IntegrationKind.Azure => Azure(settings, secrets),
            IntegrationKind.Gcp => Gcp(settings, secrets),
            _ => Generic(settings, secrets),
        };
        try
        {
            return ObjectShape.FromPlainJson(providerBlock, config.ToJsonString());
        }
        catch (ArgumentException e)
        {
            var message = secrets.Values.Where(v => v.Length > 0).Aggregate(e.Message, (text, secret) => text.Replace(secret, Redaction.Marker, StringComparison.Ordinal));
            throw new MandateException(MandateErrorCodes.InvalidArgument,
                $"integration '{integration.Name}' ({integration.Kind.ToWire()}) does not fit the configuration of {providerDisplay}: {message}",
                new Dictionary<string, object?> { ["integration"] = integration.Id });
        }
    }

    /// <summary>A configuration that sets nothing: the provider finds region and credentials in its environment.</summary>
    public static CtyValue Ambient(SchemaBlock providerBlock) => ObjectShape.FromPlainJson(providerBlock, "{}");

    // The AWS provider's own argument names; custom endpoints (LocalStack, dynalite, MinIO…) have no STS or
    // metadata service, so the checks that would call them are skipped whenever endpoints are given.
    private static JsonObject Aws(JsonObject settings, IReadOnlyDictionary<string, string> secrets)
    {
        var config = new JsonObject { ["region"] = settings["region"]?.DeepClone() };
        Copy(secrets, "access_key", config, "access_key");
        Copy(secrets, "secret_key", config, "secret_key");
        Copy(secrets, "session_token", config, "token");
        if (settings["role_arn"] is { } role)
        {
            config["assume_role"] = new JsonArray(new JsonObject
            {
                ["role_arn"] = role.DeepClone(),
                ["session_name"] = settings["role_session_name"]?.DeepClone(),
                ["external_id"] = settings["external_id"]?.DeepClone(),
            });
        }

        if (settings["endpoints"] is JsonObject { Count: > 0 } endpoints)
        {
            config["endpoints"] = new JsonArray(endpoints.DeepClone());
            config["skip_credentials_validation"] = true;
            config["skip_requesting_account_id"] = true;
            config["skip_metadata_api_check"] = "true"; // a string in this provider's schema
            config["skip_region_validation"] = true;
            config["s3_use_path_style"] = settings["s3_use_path_style"]?.DeepClone() ?? true;
        }
        else if (settings["s3_use_path_style"] is { } pathStyle)
        {
            config["s3_use_path_style"] = pathStyle.DeepClone();
        }

        return config;
    }

    private static JsonObject Azure(JsonObject settings, IReadOnlyDictionary<string, string> secrets)
    {
        // azurerm insists on a (possibly empty) features block.
        var config = new JsonObject { ["features"] = new JsonArray(new JsonObject()) };
        foreach (var name in new[] { "subscription_id", "tenant_id", "client_id", "environment" })
        {
            config[name] = settings[name]?.DeepClone();
        }

        Copy(secrets, "client_secret", config, "client_secret");
        return config;
    }

    private static JsonObject Gcp(JsonObject settings, IReadOnlyDictionary<string, string> secrets)
    {
        var config = new JsonObject();
        foreach (var name in new[] { "project", "region", "zone" })
        {
            config[name] = settings[name]?.DeepClone();
        }

        Copy(secrets, "credentials", config, "credentials");
        return config;
    }

    // The raw provider configuration, with each secret merged in as a top-level argument of the same name.
    private static JsonObject Generic(JsonObject settings, IReadOnlyDictionary<string, string> secrets)
    {
        var config = settings["provider_config"]?.DeepClone() as JsonObject ?? [];
        foreach (var (name, value) in secrets)
        {
            config[name] = value;
        }

        return config;
    }

    private static void Copy(IReadOnlyDictionary<string, string> secrets, string secret, JsonObject config, string argument)
    {
        if (secrets.TryGetValue(secret, out var value))
        {
            config[argument] = value;
        }
    }
}
