namespace Mandate.Core.Stores;

using Mandate.Core.Access;
using Mandate.Core.Model;

/// <summary>The space tree. The root space exists from the first migration on.</summary>
public interface ISpaceStore
{
    /// <summary>
    /// Adds a space below an existing parent; <see cref="MandateErrorCodes.AlreadyExists"/> when the id
    /// is taken, <see cref="MandateErrorCodes.NotFound"/> when the parent does not exist,
    /// <see cref="MandateErrorCodes.InvalidArgument"/> when no parent is given (only the root has none).
    /// </summary>
    Task CreateAsync(SpaceRecord space, CancellationToken cancellationToken = default);

    Task<SpaceRecord?> GetAsync(SpaceId id, CancellationToken cancellationToken = default);

    /// <summary>Every space, ordered by id.</summary>
    Task<IReadOnlyList<SpaceRecord>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>A checked snapshot of the whole tree, for authorization.</summary>
    Task<SpaceTree> LoadTreeAsync(CancellationToken cancellationToken = default);
}
