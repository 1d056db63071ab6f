using System.Diagnostics.CodeAnalysis;

namespace Mandate.Core.Access;

/// <summary>
/// The name of a space: the unit roles are granted on. Names are 1–63 characters of lowercase ASCII
/// letters, digits, '-' and '_', starting with a letter or digit, so they read the same in URLs, CLI
/// arguments, policy input and audit entries.
/// </summary>
public readonly record struct SpaceId
{
    /// <summary>The name of the space that exists from the start and is the ancestor of every other.</summary>
    public const string RootName = "root";

    /// <summary>The root space.</summary>
    public static SpaceId Root { get; } = new(RootName);

    private const int MaxLength = 63;

    /// <summary>Creates a space id, throwing <see cref="MandateException"/> (invalid_argument) on a bad name.</summary>
    public SpaceId(string value)
    {
        if (!IsValid(value, out var problem))
        {
            throw new MandateException(MandateErrorCodes.InvalidArgument,
                $"space name '{value}' is not valid: {problem}; a space name is 1-{MaxLength} characters of a-z, 0-9, '-' and '_', starting with a letter or digit");
        }

        Value = value;
    }

    /// <summary>The name as written.</summary>
    public string Value { get; }

    /// <summary>True for the root space.</summary>
    public bool IsRoot => Value == RootName;

    /// <summary>Parses a name without throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out SpaceId id)
    {
        if (value is not null && IsValid(value, out _))
        {
            id = new SpaceId(value);
            return true;
        }

        id = default;
        return false;
    }

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;

    private static bool IsValid(string? value, out string problem)
    {
        if (string.IsNullOrEmpty(value))
        {
            problem = "it is empty";
            return false;
        }

        if (value.Length > MaxLength)
        {
            problem = $"it has {value.Length} characters";
            return false;
        }

        if (!IsLowerAlphanumeric(value[0]))
        {
            problem = $"it starts with '{value[0]}'";
            return false;
        }

        foreach (var c in value)
        {
            if (!IsLowerAlphanumeric(c) && c != '-' && c != '_')
            {
                problem = $"it contains '{c}'";
                return false;
            }
        }

        problem = string.Empty;
        return true;
    }

    private static bool IsLowerAlphanumeric(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
