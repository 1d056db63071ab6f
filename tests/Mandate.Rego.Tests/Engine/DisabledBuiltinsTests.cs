using Mandate.Rego.Compile;
using Mandate.Rego.Eval;
using Mandate.Rego.Values;
using static Mandate.Rego.Tests.Engine.EngineTestHelpers;

namespace Mandate.Rego.Tests.Engine;

/// <summary>
/// http.send, opa.runtime and DNS lookups compile (so OPA policies and their mocking tests work) but an
/// unmocked call fails the query, in strict-builtin-errors mode or not.
/// </summary>
public sealed class DisabledBuiltinsTests
{
    private const string Policy = """
        package t

        deny contains "unreachable" if {
            resp := http.send({"method": "GET", "url": "https://status.example.com"})
            resp.status_code != 200
        }

        env := opa.runtime().env

        mocked := n if {
            n := count(deny) with http.send as {"status_code": 503}
        }
        """;

    [Fact]
    public void Opa_runtime_is_empty_as_in_an_embedded_opa_without_runtime_information()
    {
        Assert.Equal(Json("{}"), Run("package t\n\np := opa.runtime()\n", "data.t.p"));
        Assert.Null(Run(Policy, "data.t.env"));
    }

    [Fact]
    public void A_request_is_checked_as_opa_checks_it_before_the_call_is_refused()
    {
        var bad = Run("package t\n\np := http.send({\"method\": \"get\", \"bad_key\": 1, \"url\": \"u\"})\n", "data.t.p");
        var missing = Assert.Throws<RegoEvalException>(() => Run("package t\n\np := http.send({\"method\": \"get\"})\n", "data.t.p", options: EvalOptions.Default with { StrictBuiltinErrors = true }));
        var quiet = Run("package t\n\np := http.send({\"method\": \"get\", \"raise_error\": false})\n", "data.t.p");

        // A malformed request is an ordinary builtin (type) error: undefined, or the query's error when strict.
        Assert.Null(bad);
        Assert.Equal("eval_type_error", missing.Code);
        Assert.Equal("http.send: operand 1 missing required request parameters(s): {\"url\"}", missing.Error.Message);
        Assert.Equal(Json("""{"status_code": 0, "error": {"code": "eval_http_send_internal_error", "message": "http.send: operand 1 missing required request parameters(s): {\"url\"}"}}"""), quiet);
    }

    [Fact]
    public void A_mocked_call_works()
    {
        Assert.Equal(Json("1"), Run(Policy, "data.t.mocked"));
        Assert.Equal(Json("{\"HOME\": \"/x\"}"), Run(Policy, "data.t.env with opa.runtime as {\"env\": {\"HOME\": \"/x\"}}"));
        Assert.Equal(RegoSet.From(RegoString.From("1.2.3.4")), Run("package t\n\np := net.lookup_ip_addr(\"example.com\")\n", "data.t.p with net.lookup_ip_addr as {\"1.2.3.4\"}"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_unmocked_call_fails_the_query_instead_of_dropping_the_rule(bool strictBuiltinErrors)
    {
        var policy = new RegoCompiler().AddModule("t.rego", Policy).Compile();
        var options = EvalOptions.Default with { StrictBuiltinErrors = strictBuiltinErrors };

        var send = Assert.Throws<RegoEvalException>(() => policy.Prepare("x := data.t.deny").Evaluate(null, options));

        Assert.Equal("eval_builtin_disabled_error", send.Code);
        Assert.Equal("t.rego:4: eval_builtin_disabled_error: http.send: disabled in Mandate: policy evaluation never makes network calls; fetch the data beforehand and pass it in input or data (tests can mock it: `with http.send as …`)", send.Error.ToString());
    }
}
