namespace Mandate.Core.Stores;

using Mandate.Core.Model;

/// <summary>Projects. Names are unique within a space.</summary>
public interface IProjectStore
{
    /// <summary>Adds a project; <see cref="MandateErrorCodes.AlreadyExists"/> when the space already has that name.</summary>
    Task CreateAsync(ProjectRecord project, CancellationToken cancellationToken = default);

    Task<ProjectRecord?> GetAsync(string projectId, CancellationToken cancellationToken = default);

    Task<ProjectRecord?> FindByNameAsync(string spaceId, string name, CancellationToken cancellationToken = default);

    /// <summary>Projects in the given spaces, ordered by name.</summary>
    Task<Page<ProjectRecord>> ListAsync(IReadOnlyCollection<string> spaceIds, PageRequest page, CancellationToken cancellationToken = default);

    /// <summary>Replaces description, labels and providers; <see cref="MandateErrorCodes.NotFound"/> when absent.</summary>
    Task UpdateAsync(ProjectRecord project, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string projectId, CancellationToken cancellationToken = default);
}
