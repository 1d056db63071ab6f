namespace Mandate.Core.Stores;

using Mandate.Core.Model;

/// <summary>Resources, their dependency edges and their append-only state history.</summary>
public interface IResourceStore
{
    /// <summary>Adds a resource; <see cref="MandateErrorCodes.AlreadyExists"/> when the id is taken in the project.</summary>
    Task CreateAsync(ResourceRecord resource, CancellationToken cancellationToken = default);

    Task<ResourceRecord?> GetAsync(string projectId, string resourceId, CancellationToken cancellationToken = default);

    /// <summary>Resources of a project ordered by id, optionally of one type, as summaries (no config or state is read).</summary>
    Task<Page<ResourceListItem>> ListAsync(string projectId, string? type, PageRequest page, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces config, state, private data and dependencies — only if the stored state version still equals
    /// <paramref name="expectedStateVersion"/>; otherwise <see cref="MandateErrorCodes.Conflict"/>, so two
    /// writers can never silently overwrite each other's state.
    /// </summary>
    Task UpdateAsync(ResourceRecord resource, long expectedStateVersion, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string projectId, string resourceId, CancellationToken cancellationToken = default);

    /// <summary>Resources in the project that depend on <paramref name="resourceId"/>.</summary>
    Task<IReadOnlyList<string>> DependentsAsync(string projectId, string resourceId, CancellationToken cancellationToken = default);

    Task AppendStateVersionAsync(StateVersionRecord version, CancellationToken cancellationToken = default);

    /// <summary>A resource's history, newest first.</summary>
    Task<Page<StateVersionRecord>> HistoryAsync(string projectId, string resourceId, PageRequest page, CancellationToken cancellationToken = default);
}
