namespace Mandate.Core.Model;

/// <summary>
/// The one session allowed to change a project's resources right now. It lapses after an idle period,
/// so an abandoned session never blocks a project for long.
/// </summary>
public sealed record ProjectLockRecord(string ProjectId, string SessionId, string PrincipalId, DateTimeOffset AcquiredAt, DateTimeOffset ExpiresAt);
