using Mandate.Providers.Cty;

namespace Mandate.Providers.Schema;

/// <summary>Stable codes of config validation problems, for callers that branch on them and for models.</summary>
public static class SchemaErrorCodes
{
    /// <summary>A name the schema does not have.</summary>
    public const string UnknownAttribute = "unknown_attribute";
    /// <summary>A required attribute is absent or null.</summary>
    public const string MissingRequired = "missing_required";
    /// <summary>A value does not convert to the attribute's type.</summary>
    public const string WrongType = "wrong_type";
    /// <summary>Config sets an attribute only the provider may set.</summary>
    public const string ComputedOnly = "computed_only";
    /// <summary>Fewer nested blocks than the schema's minimum.</summary>
    public const string TooFewBlocks = "too_few_blocks";
    /// <summary>More nested blocks than the schema's maximum.</summary>
    public const string TooManyBlocks = "too_many_blocks";
    /// <summary>A warning: the attribute or block is deprecated.</summary>
    public const string Deprecated = "deprecated";
}

/// <summary>One config problem: a code, where it is, and a message that says what to do.</summary>
public sealed record SchemaDiagnostic(string Code, CtyPath Path, string Message, IReadOnlyList<string> Suggestions)
{
    /// <inheritdoc/>
    public override string ToString() => Path.IsEmpty ? Message : $"{Path}: {Message}";
}

/// <summary>The outcome of validating a config: the typed value when there were no errors, and every problem found.</summary>
public sealed record ConfigValidationResult(CtyValue? Value, IReadOnlyList<SchemaDiagnostic> Errors, IReadOnlyList<SchemaDiagnostic> Warnings)
{
    /// <summary>True when the config may be sent to the provider.</summary>
    public bool IsValid => Errors.Count == 0;
}
