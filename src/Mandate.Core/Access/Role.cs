using System.Diagnostics.CodeAnalysis;

namespace Mandate.Core.Access;

/// <summary>
/// What a principal may do in a space and below it. <see cref="RolePermissions"/> is the one table
/// saying which actions each role grants.
/// </summary>
public enum Role
{
    /// <summary><c>reader</c>: reads everything in the space.</summary>
    Reader,

    /// <summary><c>approver</c>: reads, and decides pending operations requested by someone else.</summary>
    Approver,

    /// <summary><c>operator</c>: plans and changes resources; cannot change policies or attachments.</summary>
    Operator,

    /// <summary><c>policy-author</c>: writes, tests and attaches policies; cannot change resources.</summary>
    PolicyAuthor,

    /// <summary><c>admin</c>: everything, including spaces, keys, roles, integrations and unlocking.</summary>
    Admin,
}

/// <summary>The wire names of <see cref="Role"/> (<c>admin</c>, <c>policy-author</c>, …) used by every surface.</summary>
public static class RoleNames
{
    private static readonly (Role Role, string Name)[] Names =
    [
        (Role.Admin, "admin"),
        (Role.PolicyAuthor, "policy-author"),
        (Role.Operator, "operator"),
        (Role.Approver, "approver"),
        (Role.Reader, "reader"),
    ];

    /// <summary>All wire names, most powerful first.</summary>
    public static IReadOnlyList<string> All { get; } = Array.ConvertAll(Names, n => n.Name);

    /// <summary>The wire name of a role.</summary>
    public static string ToWireName(this Role role)
    {
        foreach (var (r, name) in Names)
        {
            if (r == role)
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(role), role, "not a defined role");
    }

    /// <summary>Parses a wire name (exact, lowercase) without throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? name, out Role role)
    {
        foreach (var (r, n) in Names)
        {
            if (string.Equals(n, name, StringComparison.Ordinal))
            {
                role = r;
                return true;
            }
        }

        role = default;
        return false;
    }

    /// <summary>Parses a wire name, throwing invalid_argument with the accepted names.</summary>
    public static Role Parse(string name) => TryParse(name, out var role)
        ? role
        : throw new MandateException(MandateErrorCodes.InvalidArgument,
            $"'{name}' is not a role; roles are {string.Join(", ", All)}");
}
