namespace Mandate.Core.Integrations;

using Mandate.Core.Model;

/// <summary>The JSON shape a setting accepts.</summary>
public enum SettingType
{
    String,
    Bool,

    /// <summary>A JSON object of string values (e.g. service name → endpoint URL).</summary>
    StringMap,

    /// <summary>Any JSON object (the generic kind's raw provider configuration).</summary>
    Object,
}

/// <summary>One accepted setting: its name, shape, and a line for people.</summary>
public sealed record SettingSpec(string Name, SettingType Type, string Description, bool Required = false);

/// <summary>What an integration kind accepts: its settings, its secret fields, and the provider it usually serves.</summary>
/// <param name="SecretNames">Accepted secret field names; empty with <paramref name="AnySecretName"/> means any provider attribute name.</param>
/// <param name="DefaultProvider">The provider an integration of this kind configures, e.g. <c>registry.terraform.io/hashicorp/aws</c>; null for generic.</param>
public sealed record IntegrationKindSpec(
    IntegrationKind Kind,
    IReadOnlyList<SettingSpec> Settings,
    IReadOnlyList<string> SecretNames,
    bool AnySecretName,
    string? DefaultProvider);

/// <summary>
/// The settings and secrets each kind accepts. Names are the provider's own where one exists, so a person
/// who knows the provider recognises them; the resolver turns them into provider configuration.
/// </summary>
public static class IntegrationCatalog
{
    public static IntegrationKindSpec Aws { get; } = new(IntegrationKind.Aws,
    [
        new("region", SettingType.String, "AWS region, e.g. eu-west-1", Required: true),
        new("role_arn", SettingType.String, "IAM role to assume for every call (assume_role.role_arn)"),
        new("role_session_name", SettingType.String, "session name when assuming role_arn"),
        new("external_id", SettingType.String, "external id when assuming role_arn"),
        new("endpoints", SettingType.StringMap, "custom endpoint per service, e.g. {\"dynamodb\": \"http://127.0.0.1:4567\"}; the provider's account and credential checks are skipped then"),
        new("s3_use_path_style", SettingType.Bool, "path-style S3 addressing (default true when endpoints are set)"),
    ], ["access_key", "secret_key", "session_token"], AnySecretName: false, "registry.terraform.io/hashicorp/aws");

    public static IntegrationKindSpec Azure { get; } = new(IntegrationKind.Azure,
    [
        new("subscription_id", SettingType.String, "Azure subscription id", Required: true),
        new("tenant_id", SettingType.String, "Entra tenant id"),
        new("client_id", SettingType.String, "service principal application (client) id"),
        new("environment", SettingType.String, "cloud environment: public, usgovernment, china"),
    ], ["client_secret"], AnySecretName: false, "registry.terraform.io/hashicorp/azurerm");

    public static IntegrationKindSpec Gcp { get; } = new(IntegrationKind.Gcp,
    [
        new("project", SettingType.String, "default Google Cloud project id", Required: true),
        new("region", SettingType.String, "default region"),
        new("zone", SettingType.String, "default zone"),
    ], ["credentials"], AnySecretName: false, "registry.terraform.io/hashicorp/google");

    public static IntegrationKindSpec Generic { get; } = new(IntegrationKind.Generic,
    [
        new("provider_config", SettingType.Object, "the provider configuration as a JSON object, checked against the provider's schema when used"),
    ], [], AnySecretName: true, DefaultProvider: null);

    public static IntegrationKindSpec For(IntegrationKind kind) => kind switch
    {
        IntegrationKind.Aws => Aws,
        IntegrationKind.Azure => Azure,
        IntegrationKind.Gcp => Gcp,
        _ => Generic,
    };
}
