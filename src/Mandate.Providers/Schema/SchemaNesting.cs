namespace Mandate.Providers.Schema;

/// <summary>How a nested block or nested attribute type repeats, as in the plugin protocol.</summary>
public enum SchemaNesting
{
    /// <summary>At most one; absent is null.</summary>
    Single,
    /// <summary>Exactly one, never null: an absent group is an object whose attributes are all null.</summary>
    Group,
    /// <summary>An ordered list.</summary>
    List,
    /// <summary>An unordered set.</summary>
    Set,
    /// <summary>A map keyed by label (blocks) or key (nested attributes).</summary>
    Map,
}
