namespace Mandate.Core.Model;

/// <summary>An intent policy (Rego). Its body lives in versions; the record points at the current one.</summary>
/// <param name="Labels">Labels such as <c>autoattach:production</c> or <c>autoattach:*</c>.</param>
public sealed record PolicyRecord(
    string Id,
    string SpaceId,
    string Name,
    string Description,
    IReadOnlyList<string> Labels,
    int CurrentVersion,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>One immutable revision of a policy's Rego source.</summary>
public sealed record PolicyVersionRecord(string PolicyId, int Version, string Body, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>An explicit attachment of a policy to a project.</summary>
public sealed record PolicyAttachmentRecord(string PolicyId, string ProjectId, string AttachedBy, DateTimeOffset AttachedAt);

/// <summary>A kept evaluation of a policy that set <c>sample := true</c>: the input and what it decided.</summary>
public sealed record PolicySampleRecord(long Id, string PolicyId, int PolicyVersion, string InputJson, string ResultJson, DateTimeOffset CreatedAt);
