namespace Mandate.Core.Model;

/// <summary>A project: a named set of resources in one space, with the providers it may use.</summary>
/// <param name="Id">Generated id ("prj_…").</param>
/// <param name="SpaceId">The space whose roles govern it.</param>
/// <param name="Name">Unique within its space; what people and models call it.</param>
/// <param name="Labels">Free labels; a policy labelled <c>autoattach:&lt;label&gt;</c> applies to projects carrying that label.</param>
/// <param name="Providers">Provider requirements, each optionally configured from a cloud integration.</param>
public sealed record ProjectRecord(
    string Id,
    string SpaceId,
    string Name,
    string Description,
    IReadOnlyList<string> Labels,
    IReadOnlyList<ProviderRequirement> Providers,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>Which provider a project uses, which versions are acceptable, and where its configuration comes from.</summary>
/// <param name="Source">Provider address, e.g. "hashicorp/aws" or "registry.terraform.io/hashicorp/aws".</param>
/// <param name="VersionConstraint">Terraform-style constraint, e.g. "~> 5.100"; empty means newest available.</param>
/// <param name="IntegrationId">Cloud integration supplying provider configuration and credentials, if any.</param>
public sealed record ProviderRequirement(string Source, string VersionConstraint, string? IntegrationId);
