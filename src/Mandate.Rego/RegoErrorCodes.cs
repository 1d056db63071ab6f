namespace Mandate.Rego;

/// <summary>OPA's literal error codes; parse/compile codes come from the compiler, eval_* from evaluation.</summary>
public static class RegoErrorCodes
{
    public const string ParseError = "rego_parse_error";
    public const string CompileError = "rego_compile_error";
    public const string TypeError = "rego_type_error";
    public const string UnsafeVarError = "rego_unsafe_var_error";
    public const string RecursionError = "rego_recursion_error";

    public const string EvalInternalError = "eval_internal_error";
    public const string EvalCancelError = "eval_cancel_error";
    public const string EvalConflictError = "eval_conflict_error";
    public const string EvalTypeError = "eval_type_error";
    public const string EvalBuiltinError = "eval_builtin_error";
    public const string EvalWithMergeError = "eval_with_merge_error";

    /// <summary>Not an OPA code: a resource limit of this engine (depth, output size, deadline) stopped evaluation.</summary>
    public const string EvalLimitError = "eval_limit_error";

    /// <summary>
    /// Not an OPA code: a builtin that would reach the network or the host process (<c>http.send</c>,
    /// <c>opa.runtime</c>, DNS lookups) was called without a <c>with</c> mock. Always fails the query,
    /// strict builtin errors or not, so a policy cannot silently lose a rule that depended on it.
    /// </summary>
    public const string EvalBuiltinDisabledError = "eval_builtin_disabled_error";
}
