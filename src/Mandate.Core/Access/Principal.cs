namespace Mandate.Core.Access;

/// <summary>What kind of credential a principal authenticated with.</summary>
public enum PrincipalKind
{
    /// <summary>A person signed in to the console.</summary>
    User,

    /// <summary>An API key (MCP and REST).</summary>
    ApiKey,
}

/// <summary>The scope an API key carries: <c>read</c> keys can never perform a mutating action.</summary>
public enum KeyScope
{
    /// <summary><c>read</c>: only non-mutating actions, whatever the roles.</summary>
    Read,

    /// <summary><c>write</c>: whatever the roles allow.</summary>
    Write,
}

/// <summary>Wire names of <see cref="KeyScope"/> and <see cref="PrincipalKind"/>.</summary>
public static class AccessWireNames
{
    /// <summary><c>read</c> or <c>write</c>.</summary>
    public static string ToWireName(this KeyScope scope) => scope switch
    {
        KeyScope.Read => "read",
        KeyScope.Write => "write",
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "not a defined key scope"),
    };

    /// <summary><c>user</c> or <c>api-key</c>.</summary>
    public static string ToWireName(this PrincipalKind kind) => kind switch
    {
        PrincipalKind.User => "user",
        PrincipalKind.ApiKey => "api-key",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a defined principal kind"),
    };

    /// <summary>Parses <c>read</c> or <c>write</c>, throwing invalid_argument otherwise.</summary>
    public static KeyScope ParseKeyScope(string scope) => scope switch
    {
        "read" => KeyScope.Read,
        "write" => KeyScope.Write,
        _ => throw new MandateException(MandateErrorCodes.InvalidArgument, $"'{scope}' is not a key scope; use 'read' or 'write'"),
    };
}

/// <summary>
/// Who is calling, as established by authentication. Users have no key scope; API keys always have
/// one. Create through <see cref="User"/> or <see cref="ApiKey"/> so that rule always holds.
/// </summary>
public sealed record Principal
{
    private Principal(string id, PrincipalKind kind, string displayName, KeyScope? keyScope)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new MandateException(MandateErrorCodes.InvalidArgument, "a principal id cannot be empty");
        }

        Id = id;
        Kind = kind;
        DisplayName = string.IsNullOrWhiteSpace(displayName) ? id : displayName;
        KeyScope = keyScope;
    }

    /// <summary>Stable id: the user id, or the API key id (never the key itself).</summary>
    public string Id { get; }

    /// <summary>User or API key.</summary>
    public PrincipalKind Kind { get; }

    /// <summary>A name for people (audit, errors); defaults to the id.</summary>
    public string DisplayName { get; }

    /// <summary>The key's scope; null for users.</summary>
    public KeyScope? KeyScope { get; }

    /// <summary>True for a read-scoped API key.</summary>
    public bool IsReadOnly => KeyScope == Access.KeyScope.Read;

    /// <summary>A console user.</summary>
    public static Principal User(string id, string displayName) => new(id, PrincipalKind.User, displayName, null);

    /// <summary>An API key principal, identified by its key id.</summary>
    public static Principal ApiKey(string keyId, string displayName, KeyScope scope) => new(keyId, PrincipalKind.ApiKey, displayName, scope);
}

/// <summary>A grant of one role to one principal on one space (and, by inheritance, every space below it).</summary>
/// <param name="PrincipalId">The principal's <see cref="Principal.Id"/>.</param>
/// <param name="Space">The space the role is granted on.</param>
/// <param name="Role">The role.</param>
public sealed record RoleBinding(string PrincipalId, SpaceId Space, Role Role);
