namespace Mandate.Core.Application;

using Mandate.Core.Access;
using Mandate.Core.Pipeline;

/// <summary>
/// Who is calling and from which session: the first argument of every application-layer entry point.
/// Transports build it once per request from the authenticated principal.
/// </summary>
/// <param name="Principal">The authenticated caller; every entry point authorizes it against the target's space.</param>
/// <param name="SessionId">The MCP/REST/CLI session. It drives project locks: the first mutating call of a
/// session locks the project for that session, so two sessions never change one project at once.</param>
public sealed record CallContext(Principal Principal, string SessionId)
{
    /// <summary>The principal as the operation pipeline records it.</summary>
    public Actor Actor => new(Principal.Id, Principal.DisplayName);
}
