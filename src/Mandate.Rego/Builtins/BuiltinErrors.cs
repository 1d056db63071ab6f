namespace Mandate.Rego.Builtins;

/// <summary>
/// An operand had the wrong type or shape. Reported as <c>eval_type_error</c> with the builtin's name
/// prefixed, e.g. <c>count: operand 1 must be one of {array, object, set, string} but got number</c>.
/// Create through <see cref="Operands"/> so the wording stays OPA's.
/// </summary>
public sealed class BuiltinTypeException(string message) : Exception(message);

/// <summary>
/// A builtin failed on well-typed operands (bad regex, invalid JSON, …). Reported as
/// <c>eval_builtin_error</c> with the builtin's name prefixed. Any other exception a builtin throws is
/// reported the same way, with its message.
/// </summary>
public sealed class BuiltinException(string message) : Exception(message);
