using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>
/// OPA builtins that reach the network or describe OPA's own process. They are declared, so a policy
/// written for OPA compiles and its tests can mock them (<c>with http.send as {...}</c>, as OPA test
/// suites do). An unmocked network call fails the whole query with <c>eval_builtin_disabled_error</c>:
/// policy evaluation in Mandate never makes network calls. It is an error rather than "undefined"
/// because undefined would quietly drop the rule that made the call — a deny rule would stop denying.
/// </summary>
internal static class DisabledBuiltins
{
    /// <summary>The request keys OPA's http.send accepts; "method" and "url" are required.</summary>
    private static readonly RegoSet AllowedRequestKeys = RegoSet.From(new[]
    {
        "method", "url", "body", "enable_redirect", "force_json_decode", "force_yaml_decode", "headers", "raw_body",
        "tls_use_system_certs", "tls_ca_cert", "tls_ca_cert_file", "tls_ca_cert_env_variable", "tls_client_cert",
        "tls_client_cert_file", "tls_client_cert_env_variable", "tls_client_key", "tls_client_key_file",
        "tls_client_key_env_variable", "tls_insecure_skip_verify", "tls_server_name", "timeout", "cache", "force_cache",
        "force_cache_duration_seconds", "raise_error", "caching_mode", "max_retry_attempts", "cache_ignored_headers",
    }.Select(k => (RegoValue)RegoString.From(k)));

    private static readonly RegoSet RequiredRequestKeys = RegoSet.From(RegoString.From("method"), RegoString.From("url"));

    /// <summary>
    /// The request is checked as OPA checks it before any I/O (same errors; with <c>raise_error: false</c>
    /// a bad request is answered with OPA's error object); a well-formed request then fails as disabled.
    /// </summary>
    [RegoBuiltin("http.send", Nondeterministic = true)]
    public static RegoValue HttpSend(BuiltinContext ctx, RegoValue request)
    {
        var obj = Operands.Object(request, 1);
        var raiseError = true;
        if (obj["raise_error"] is { } flag)
        {
            raiseError = flag is RegoBoolean b ? b.Value : throw new BuiltinException("invalid value for raise_error field");
        }

        var keys = RegoSet.From(obj.Keys);
        var invalid = RegoSet.From(keys.Items.ToArray().Where(k => !AllowedRequestKeys.Contains(k)));
        var missing = RegoSet.From(RequiredRequestKeys.Items.ToArray().Where(k => !keys.Contains(k)));
        var problem = invalid.Count > 0 ? $"invalid request parameters(s): {RegoText.Format(invalid)}"
            : missing.Count > 0 ? $"missing required request parameters(s): {RegoText.Format(missing)}"
            : null;
        if (problem is not null)
        {
            if (raiseError)
            {
                throw Operands.Error(1, problem);
            }

            var error = RegoObject.From([
                new KeyValuePair<string, RegoValue>("code", RegoString.From("eval_http_send_internal_error")),
                new KeyValuePair<string, RegoValue>("message", RegoString.From($"http.send: operand 1 {problem}")),
            ]);
            return RegoObject.From([
                new KeyValuePair<string, RegoValue>("status_code", RegoNumber.From(0)),
                new KeyValuePair<string, RegoValue>("error", error),
            ]);
        }

        throw Disabled(ctx, "http.send", "policy evaluation never makes network calls; fetch the data beforehand and pass it in input or data (tests can mock it: `with http.send as …`)");
    }

    /// <summary>
    /// OPA answers <c>{}</c> when it is embedded without runtime information, which is Mandate's case:
    /// no configuration, environment variables or version of the host process ever reach a policy. It
    /// reaches nothing outside the evaluation, so unlike the network builtins it is not an error.
    /// </summary>
    [RegoBuiltin("opa.runtime")]
    public static RegoValue OpaRuntime() => RegoObject.Empty;

    /// <summary>The error for a disabled builtin, at the call site.</summary>
    internal static RegoEvalException Disabled(BuiltinContext ctx, string name, string why) =>
        new(RegoErrorCodes.EvalBuiltinDisabledError, $"{name}: disabled in Mandate: {why}", ctx.Location);
}
