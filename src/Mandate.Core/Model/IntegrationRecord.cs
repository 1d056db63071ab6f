namespace Mandate.Core.Model;

/// <summary>
/// A cloud integration as stored: where a provider's configuration and credentials come from. Secret
/// fields are held only as <c>mk1:</c> ciphertexts (see <see cref="Secrets.SecretProtector"/>), bound to
/// this integration and field, and never leave Core in any form but a redaction marker.
/// </summary>
/// <param name="Id">Generated id ("int_…").</param>
/// <param name="SpaceId">The space whose roles govern it; projects in this space and below may use it.</param>
/// <param name="Name">Unique within its space.</param>
/// <param name="Kind">aws, azure, gcp or generic: decides which settings and secrets are accepted.</param>
/// <param name="SettingsJson">Non-secret settings as a JSON object (region, role to assume, endpoints…).</param>
/// <param name="Secrets">Secret field name → ciphertext. Never plain text.</param>
/// <param name="ReadOnly">When true, mutating operations through this integration are refused before the provider is called.</param>
public sealed record IntegrationRecord(
    string Id,
    string SpaceId,
    string Name,
    IntegrationKind Kind,
    string SettingsJson,
    IReadOnlyDictionary<string, string> Secrets,
    bool ReadOnly,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>The cloud an integration speaks for; generic passes a raw provider configuration through.</summary>
public enum IntegrationKind
{
    Aws,
    Azure,
    Gcp,
    Generic,
}

/// <summary>A project's choice of integration for one provider.</summary>
/// <param name="ProviderSource">Fully qualified provider address, e.g. <c>registry.terraform.io/hashicorp/aws</c>.</param>
public sealed record IntegrationAttachment(string ProjectId, string ProviderSource, string IntegrationId, string AttachedBy, DateTimeOffset AttachedAt);

/// <summary>Wire names of <see cref="IntegrationKind"/>.</summary>
public static class IntegrationKinds
{
    /// <summary>Every accepted wire name, in documentation order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["aws", "azure", "gcp", "generic"];

    public static string ToWire(this IntegrationKind kind) => kind switch
    {
        IntegrationKind.Aws => "aws",
        IntegrationKind.Azure => "azure",
        IntegrationKind.Gcp => "gcp",
        _ => "generic",
    };

    /// <summary>Parses a wire name (case-insensitive); false for anything else.</summary>
    public static bool TryParse(string? text, out IntegrationKind kind)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "aws": kind = IntegrationKind.Aws; return true;
            case "azure": kind = IntegrationKind.Azure; return true;
            case "gcp": kind = IntegrationKind.Gcp; return true;
            case "generic": kind = IntegrationKind.Generic; return true;
            default: kind = default; return false;
        }
    }
}
