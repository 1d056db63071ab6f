namespace Mandate.Core.Access;

/// <summary>
/// Decides whether a principal may perform an action in a space. Pure: the caller passes the
/// principal's bindings and the current space tree, so every Core entry point, whatever the transport,
/// gets the same answer.
/// </summary>
public static class Authorizer
{
    /// <summary>
    /// Returns the binding that allows <paramref name="action"/> on <paramref name="targetSpace"/>, or
    /// throws <see cref="MandateException"/>:
    /// <list type="bullet">
    /// <item><c>read_only_credential</c> when a read-scoped key attempts a mutating action, checked
    /// first, whatever its roles;</item>
    /// <item><c>not_found</c> when the target space is not in the tree;</item>
    /// <item><c>forbidden</c> naming the action, the space, the roles that would allow it and the roles
    /// the principal holds there.</item>
    /// </list>
    /// A role granted on a space covers that space and all its descendants, never its ancestors or siblings.
    /// Bindings of other principals in <paramref name="bindings"/> are ignored.
    /// </summary>
    public static RoleBinding Authorize(Principal principal, IEnumerable<RoleBinding> bindings, SpaceTree spaces,
        SpaceId targetSpace, MandateAction action)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(bindings);
        ArgumentNullException.ThrowIfNull(spaces);
        ArgumentNullException.ThrowIfNull(action);

        if (action.Mutates && principal.IsReadOnly)
        {
            throw new MandateException(MandateErrorCodes.ReadOnlyCredential,
                $"'{principal.DisplayName}' uses a read-only API key, which cannot {action.Name}; use a key with scope 'write'",
                Details(principal, targetSpace, action));
        }

        if (!spaces.Contains(targetSpace))
        {
            throw SpaceTree.UnknownSpace(targetSpace);
        }

        var held = new List<RoleBinding>();
        foreach (var binding in bindings)
        {
            if (binding.PrincipalId != principal.Id || !spaces.Contains(binding.Space)
                || !spaces.IsSameOrDescendantOf(targetSpace, binding.Space))
            {
                continue;
            }

            if (RolePermissions.Grants(binding.Role, action))
            {
                return binding;
            }

            held.Add(binding);
        }

        var needed = RolePermissions.RolesGranting(action);
        var neededText = string.Join(", ", needed.Select(r => r.ToWireName()));
        var heldText = held.Count == 0
            ? "it holds no role there"
            : "it holds " + string.Join(", ", held.Select(b => $"{b.Role.ToWireName()} on '{b.Space}'"));
        var details = Details(principal, targetSpace, action);
        details["allowedRoles"] = needed.Select(r => r.ToWireName()).ToArray();
        details["heldRoles"] = held.Select(b => $"{b.Role.ToWireName()}@{b.Space}").ToArray();
        throw new MandateException(MandateErrorCodes.Forbidden,
            $"'{principal.DisplayName}' may not {action.Name} in space '{targetSpace}': that needs one of the roles {neededText} on '{targetSpace}' or a space above it; {heldText}",
            details);
    }

    /// <summary>True when <see cref="Authorize"/> would return; never throws for a denial.</summary>
    public static bool IsAllowed(Principal principal, IEnumerable<RoleBinding> bindings, SpaceTree spaces,
        SpaceId targetSpace, MandateAction action)
    {
        try
        {
            Authorize(principal, bindings, spaces, targetSpace, action);
            return true;
        }
        catch (MandateException e) when (e.Code is MandateErrorCodes.Forbidden or MandateErrorCodes.ReadOnlyCredential)
        {
            return false;
        }
    }

    private static Dictionary<string, object?> Details(Principal principal, SpaceId space, MandateAction action) => new()
    {
        ["principal"] = principal.Id,
        ["action"] = action.Name,
        ["space"] = space.Value,
    };
}
