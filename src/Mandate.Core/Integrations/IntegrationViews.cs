namespace Mandate.Core.Integrations;

using System.Text.Json.Nodes;

/// <summary>An integration as every caller sees it: settings in full, secrets only as "set or not" and the redaction marker.</summary>
public sealed record IntegrationView(
    string Id,
    string SpaceId,
    string Name,
    string Kind,
    JsonObject Settings,
    IReadOnlyDictionary<string, SecretFieldView> Secrets,
    bool ReadOnly,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>One secret field: whether it holds a value; <see cref="Value"/> is the redaction marker when it does, never the secret.</summary>
public sealed record SecretFieldView(bool IsSet, string? Value);

/// <summary>A new integration. Secrets are plain text here and encrypted before they are stored.</summary>
/// <param name="Kind">aws, azure, gcp or generic.</param>
public sealed record IntegrationCreate(
    string SpaceId,
    string Name,
    string Kind,
    JsonObject? Settings = null,
    IReadOnlyDictionary<string, string?>? Secrets = null,
    bool ReadOnly = false);

/// <summary>A change to an integration; anything null is left as it is.</summary>
/// <param name="Settings">The new settings, replacing the old ones whole.</param>
/// <param name="Secrets">Secret fields to set (a value) or clear (null); fields not named keep their value.</param>
/// <param name="ReadOnly">The new read-only flag.</param>
public sealed record IntegrationChange(
    JsonObject? Settings = null,
    IReadOnlyDictionary<string, string?>? Secrets = null,
    bool? ReadOnly = null);
