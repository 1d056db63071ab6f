namespace Mandate.Core.Stores;

using Mandate.Core.Model;

/// <summary>Cloud integrations and the projects attached to them. Names are unique within a space.</summary>
public interface IIntegrationStore
{
    /// <summary>Adds an integration; <see cref="MandateErrorCodes.AlreadyExists"/> when the space already has that name.</summary>
    Task CreateAsync(IntegrationRecord integration, CancellationToken cancellationToken = default);

    Task<IntegrationRecord?> GetAsync(string integrationId, CancellationToken cancellationToken = default);

    Task<IntegrationRecord?> FindByNameAsync(string spaceId, string name, CancellationToken cancellationToken = default);

    /// <summary>Integrations in the given spaces, ordered by name.</summary>
    Task<Page<IntegrationRecord>> ListAsync(IReadOnlyCollection<string> spaceIds, PageRequest page, CancellationToken cancellationToken = default);

    /// <summary>Replaces settings, secrets, the read-only flag and the update time; <see cref="MandateErrorCodes.NotFound"/> when absent.</summary>
    Task UpdateAsync(IntegrationRecord integration, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes an integration; <see cref="MandateErrorCodes.Conflict"/> (naming the projects) while projects are
    /// attached, so no project silently loses its credentials. False when it did not exist.
    /// </summary>
    Task<bool> DeleteAsync(string integrationId, CancellationToken cancellationToken = default);

    /// <summary>Attaches (or re-points) the project's integration for one provider.</summary>
    Task AttachAsync(IntegrationAttachment attachment, CancellationToken cancellationToken = default);

    /// <summary>Removes the project's attachment for a provider; false when there was none.</summary>
    Task<bool> DetachAsync(string projectId, string providerSource, CancellationToken cancellationToken = default);

    /// <summary>The project's attachment for a provider, if any.</summary>
    Task<IntegrationAttachment?> GetAttachmentAsync(string projectId, string providerSource, CancellationToken cancellationToken = default);

    /// <summary>Every attachment of a project, ordered by provider.</summary>
    Task<IReadOnlyList<IntegrationAttachment>> AttachmentsOfProjectAsync(string projectId, CancellationToken cancellationToken = default);

    /// <summary>Every project attached to an integration, ordered by project and provider.</summary>
    Task<IReadOnlyList<IntegrationAttachment>> AttachmentsOfIntegrationAsync(string integrationId, CancellationToken cancellationToken = default);
}
