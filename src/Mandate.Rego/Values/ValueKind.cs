namespace Mandate.Rego.Values;

/// <summary>
/// The kinds of Rego values. The numeric order of the members IS OPA's total order across types
/// (null &lt; boolean &lt; number &lt; string &lt; array &lt; object &lt; set), as stated in the header of
/// OPA's <c>ast/compare.go</c>; <see cref="RegoValue.Compare"/> relies on it.
/// </summary>
public enum ValueKind : byte
{
    Null = 0,
    Boolean = 1,
    Number = 2,
    String = 3,
    Array = 4,
    Object = 5,
    Set = 6,
}
