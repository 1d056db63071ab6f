using System.Globalization;
using System.Text;
using Mandate.Rego.Compile;
using Mandate.Rego.Eval;
using Mandate.Rego.Values;
using static Mandate.Rego.Tests.Engine.EngineTestHelpers;

namespace Mandate.Rego.Tests.Engine;

/// <summary>
/// The evaluator reuses its state (one idle evaluator per thread, pooled frames and argument lists) and
/// skips elements that cannot pass an equality filter. These tests check that neither leaks between
/// evaluations or threads, and that filtered iteration finds exactly what plain iteration finds.
/// </summary>
public sealed class EvaluatorReuseTests
{
    private const string Policy = """
        package spacelift

        deny contains message if {
          input.resource.resource_type != "aws_s3_bucket"
          message := sprintf("Only S3 buckets are allowed. Resource type %q is not permitted.", [input.resource.resource_type])
        }

        allow contains message if {
          input.resource.resource_type == "aws_s3_bucket"
          message := sprintf("Operation %q on S3 bucket %s is allowed.", [input.resource.operation, input.resource.resource_id])
        }
        """;

    private static RegoValue Input(int i) => Json(string.Create(CultureInfo.InvariantCulture,
        $$$"""{"resource":{"resource_id":"r{{{i}}}","resource_type":"{{{(i % 3 == 0 ? "aws_instance" : "aws_s3_bucket")}}}","operation":"create"}}"""));

    private static RegoValue Expected(int i) => i % 3 == 0
        ? RegoSet.From(RegoString.From("Only S3 buckets are allowed. Resource type \"aws_instance\" is not permitted."))
        : RegoSet.From(RegoString.From(string.Create(CultureInfo.InvariantCulture, $"Operation \"create\" on S3 bucket r{i} is allowed.")));

    [Fact]
    public void One_prepared_query_evaluated_from_many_threads_gives_each_input_its_own_answer()
    {
        var policy = new RegoCompiler().AddModule("p.rego", Policy).Compile();
        var deny = policy.Prepare("data.spacelift.deny = x");
        var allow = policy.Prepare("data.spacelift.allow = x");
        const int Threads = 8;
        const int PerThread = 2_000;
        var wrong = new List<string>();
        using var start = new Barrier(Threads);
        var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var n = 0; n < PerThread; n++)
            {
                var i = (t * PerThread) + n;
                // Half through result rows, half through EvaluateFirst's pooled frame.
                var denied = (RegoSet)(n % 2 == 0 ? deny.Evaluate(Input(i))["x"] : deny.EvaluateFirst("x", Input(i)))!;
                var allowed = (RegoSet)(n % 2 == 0 ? allow.Evaluate(Input(i))["x"] : allow.EvaluateFirst("x", Input(i)))!;
                var got = i % 3 == 0 ? denied : allowed;
                var empty = i % 3 == 0 ? allowed : denied;
                if (!got.Equals(Expected(i)) || empty.Count != 0)
                {
                    lock (wrong)
                    {
                        wrong.Add($"input {i}: deny {denied}, allow {allowed}");
                    }
                }
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        Assert.Empty(wrong);
    }

    [Fact]
    public void A_print_callback_may_evaluate_another_query_on_the_same_thread()
    {
        var policy = new RegoCompiler().AddModule("p.rego", Policy + "\nprinted if print(input.resource.resource_id)\n").Compile();
        var allow = policy.Prepare("data.spacelift.allow = x");
        var nested = new List<RegoValue?>();
        var options = new EvalOptions { Print = _ => nested.Add(allow.Evaluate(Input(2))["x"]) };
        var outer = policy.Prepare("data.spacelift.printed = p; data.spacelift.allow = x").Evaluate(Input(1), options);
        Assert.Equal(Expected(1), outer["x"]);
        Assert.Equal(Expected(2), Assert.Single(nested));
    }

    [Fact]
    public void An_evaluation_error_leaves_nothing_behind_for_the_next_evaluation()
    {
        const string module = """
            package t
            p := x if { some x in input.xs }
            """;
        var query = new RegoCompiler().AddModule("t.rego", module).Compile().Prepare("x := data.t.p");
        Assert.Throws<RegoEvalException>(() => query.Evaluate(Json("""{"xs":[1,2]}""")));
        Assert.Equal(RegoNumber.From(3), query.Evaluate(Json("""{"xs":[3]}"""))["x"]);
        Assert.Null(query.Evaluate(Json("""{"xs":[]}"""))["x"]);
    }

    [Fact]
    public void Filtered_iteration_finds_what_plain_iteration_finds()
    {
        // Each rule compares a field right after `some … in` (filtered); a copy of the rules with `true` in
        // between is iterated plainly. Fields include numbers written differently, missing fields and nesting.
        var rules = new StringBuilder("package t\nitem_set := {x | some x in input.items}\n");
        for (var i = 0; i < 6; i++)
        {
            foreach (var (name, gap) in new[] { ("filtered", string.Empty), ("plain", "true\n") })
            {
                rules.Append(CultureInfo.InvariantCulture, $$"""
                    {{name}} contains [k, {{i}}] if {
                        some k, r in input.items
                        {{gap}}r.spec.kind == {{(i % 2 == 0 ? "\"k" + (i % 3) + "\"" : (i % 3).ToString(CultureInfo.InvariantCulture) + ".0")}}
                        r.size > {{i}}
                    }
                    {{name}}_set contains r.id if {
                        some r in item_set
                        {{gap}}{{i}} = r.size
                    }

                    """);
            }
        }

        var items = new StringBuilder("""{"items":[""");
        for (var j = 0; j < 40; j++)
        {
            items.Append(j == 0 ? string.Empty : ",");
            var kind = (j % 4) switch
            {
                0 => "\"k" + (j % 3) + "\"",
                1 => (j % 3).ToString(CultureInfo.InvariantCulture),
                2 => "\"other\"",
                _ => null,
            };
            items.Append(CultureInfo.InvariantCulture, $$"""{"id":"i{{j}}","size":{{j % 7}},"spec":{{(kind is null ? "{}" : "{\"kind\":" + kind + "}")}}}""");
        }

        items.Append("]}");
        var policy = new RegoCompiler().AddModule("t.rego", rules.ToString()).Compile();
        var input = Json(items.ToString());
        var filtered = (RegoSet)policy.Prepare("x := data.t.filtered").Evaluate(input)["x"]!;
        var plain = (RegoSet)policy.Prepare("x := data.t.plain").Evaluate(input)["x"]!;
        Assert.True(filtered.Count >= 5, $"the policy should match a good part of the items, got {filtered}");
        Assert.Equal(plain, filtered);
        Assert.Equal(
            policy.Prepare("x := data.t.plain_set").Evaluate(input)["x"],
            policy.Prepare("x := data.t.filtered_set").Evaluate(input)["x"]);
    }

    [Fact]
    public void Rules_indexed_on_an_input_field_give_what_unindexed_rules_give()
    {
        // "indexed" rules start with a test of input.kind (the rule index skips the others); the "plain"
        // copies start with `true`, so every rule runs. Constants include a number written as 2.0.
        var rules = new StringBuilder("package t\n");
        for (var i = 0; i < 12; i++)
        {
            var constant = i % 4 == 3 ? "2.0" : "\"k" + (i % 4) + "\"";
            foreach (var (name, first) in new[] { ("indexed", string.Empty), ("plain", "true\n") })
            {
                rules.Append(CultureInfo.InvariantCulture, $$"""
                    {{name}} contains {{i}} if {
                        {{first}}input.kind == {{constant}}
                        input.size > {{i}}
                    }
                    {{name}}_first := {{i}} if {
                        {{first}}{{constant}} = input.kind
                        input.size == {{i}}
                    }

                    """);
            }
        }

        rules.Append("indexed contains \"always\" if input.size > 0\nplain contains \"always\" if input.size > 0\n");
        var policy = new RegoCompiler().AddModule("t.rego", rules.ToString()).Compile();
        var checkedSome = 0;
        foreach (var kind in new[] { "\"k0\"", "\"k1\"", "2", "\"none\"" })
        {
            for (var size = 0; size < 13; size += 3)
            {
                var input = Json(string.Create(CultureInfo.InvariantCulture, $$"""{"kind":{{kind}},"size":{{size}}}"""));
                foreach (var rule in new[] { string.Empty, "_first" })
                {
                    var indexed = policy.Prepare($"x := data.t.indexed{rule}").Evaluate(input)["x"];
                    Assert.Equal(policy.Prepare($"x := data.t.plain{rule}").Evaluate(input)["x"], indexed);
                    checkedSome += indexed is RegoSet { Count: > 1 } or RegoNumber ? 1 : 0;
                }
            }
        }

        Assert.True(checkedSome >= 8, $"only {checkedSome} inputs matched indexed rules");

        // No input: every indexed test is undefined, and `with input as` switches the indexed value.
        Assert.Equal(RegoSet.Empty, policy.Prepare("x := data.t.indexed").Evaluate()["x"]);
        Assert.Equal(
            RegoSet.From(RegoNumber.From(1), RegoNumber.From(5), RegoString.From("always")),
            policy.Prepare("x := data.t.indexed with input as {\"kind\": \"k1\", \"size\": 6}").Evaluate()["x"]);
    }
}
