namespace Mandate.Core.Stores;

using Mandate.Core.Model;

/// <summary>Policies, their versions, attachments and kept samples.</summary>
public interface IPolicyStore
{
    /// <summary>Adds a policy with its first version; <see cref="MandateErrorCodes.AlreadyExists"/> on a duplicate name in the space.</summary>
    Task CreateAsync(PolicyRecord policy, PolicyVersionRecord firstVersion, CancellationToken cancellationToken = default);

    Task<PolicyRecord?> GetAsync(string policyId, CancellationToken cancellationToken = default);

    Task<PolicyRecord?> FindByNameAsync(string spaceId, string name, CancellationToken cancellationToken = default);

    /// <summary>Policies in the given spaces, ordered by name.</summary>
    Task<Page<PolicyRecord>> ListAsync(IReadOnlyCollection<string> spaceIds, PageRequest page, CancellationToken cancellationToken = default);

    /// <summary>Adds a version and makes it current; updates labels and description with it.</summary>
    Task AddVersionAsync(PolicyRecord updated, PolicyVersionRecord version, CancellationToken cancellationToken = default);

    Task<PolicyVersionRecord?> GetVersionAsync(string policyId, int version, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string policyId, CancellationToken cancellationToken = default);

    /// <summary>Attaches; attaching twice is not an error (idempotent).</summary>
    Task AttachAsync(PolicyAttachmentRecord attachment, CancellationToken cancellationToken = default);

    Task<bool> DetachAsync(string policyId, string projectId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<PolicyAttachmentRecord>> AttachmentsOfProjectAsync(string projectId, CancellationToken cancellationToken = default);

    /// <summary>Policies in the given spaces carrying any <c>autoattach:</c> label.</summary>
    Task<IReadOnlyList<PolicyRecord>> AutoAttachingAsync(IReadOnlyCollection<string> spaceIds, CancellationToken cancellationToken = default);

    /// <summary>Keeps a sample and drops the oldest beyond <paramref name="keep"/> for that policy.</summary>
    Task AddSampleAsync(PolicySampleRecord sample, int keep, CancellationToken cancellationToken = default);

    /// <summary>
    /// Keeps several samples at once (one decision's, possibly of several policies) and bounds each policy's to the newest
    /// <paramref name="keep"/>; the same rows survive as with one <see cref="AddSampleAsync"/> per sample, in fewer statements.
    /// </summary>
    Task AddSamplesAsync(IReadOnlyList<PolicySampleRecord> samples, int keep, CancellationToken cancellationToken = default);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<PolicySampleRecord>> SamplesAsync(string policyId, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// In one query, with each policy's current body: the policies attached to <paramref name="projectId"/>
    /// and those in <paramref name="spaceIds"/> carrying any <c>autoattach:</c> label (the caller matches labels).
    /// </summary>
    Task<IReadOnlyList<PolicyCandidate>> CandidatesForProjectAsync(string projectId, IReadOnlyCollection<string> spaceIds, CancellationToken cancellationToken = default);
}

/// <summary>A policy that may apply to a project, with its current version's body.</summary>
/// <param name="Attached">Attached to the project explicitly (else it is an auto-attach candidate).</param>
public sealed record PolicyCandidate(PolicyRecord Policy, string Body, bool Attached);
