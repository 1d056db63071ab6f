using Mandate.Rego.Builtins;
using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Compile.Stages;

/// <summary>Call targets, <c>with</c> modifiers and compile-time <c>rego.metadata.*</c> values.</summary>
internal sealed partial class ResolveRefs
{
    private WithModifier RewriteWith(Scope scope, WithModifier w)
    {
        var target = w.Target switch
        {
            VarTerm { Name: "input" or "data" } or RefTerm { Head: VarTerm { Name: "input" or "data" } } => Rewrite(scope, w.Target),
            _ => w.Target,
        };
        object? targetFn = null;
        if (target is not RefTerm { Head: VarTerm { Slot: -1, Name: "input" or "data" } } && target is not VarTerm { Slot: -1, Name: "input" or "data" })
        {
            targetFn = ResolveFunction(scope, w.Target, NameOf(w.Target), w.Location, reportUnknown: true);
            target = w.Target;
        }

        object? valueFn = null;
        if (w.Value is VarTerm or RefTerm && NameOf(w.Value) is { } valueName &&
            (w.Value is not VarTerm vt || !scope.TryLookup(vt.Name, out _)))
        {
            valueFn = ResolveFunction(scope, w.Value, valueName, w.Location, reportUnknown: false);
        }

        var value = valueFn is null ? Rewrite(scope, w.Value) : w.Value;
        return new WithModifier(target, value, w.Location) { TargetFunction = targetFn, ValueFunction = valueFn };
    }

    private static string? NameOf(Term t) => t switch
    {
        VarTerm v => v.Name,
        RefTerm { Head: VarTerm h } r when r.Path.All(p => p is ScalarTerm { Value: RegoString }) =>
            h.Name + string.Concat(r.Path.Select(p => "." + ((RegoString)((ScalarTerm)p).Value).Value)),
        _ => null,
    };

    private Term RewriteCall(Scope scope, CallTerm c)
    {
        if (c.Name is "rego.metadata.rule" or "rego.metadata.chain" && c.Args.Length == 0)
        {
            // The annotations are known at compile time, so the call becomes a constant.
            return new ScalarTerm(c.Name == "rego.metadata.rule" ? RuleMetadata() : ChainMetadata()) { Location = c.Location };
        }

        var args = c.Args.Select(a => Rewrite(scope, a)).ToArray();
        var result = new CallTerm(c.Operator, c.Name, args) { Location = c.Location };
        result.Target = c.Name switch
        {
            "eq" => SpecialCall.Unify,
            "assign" => SpecialCall.Assign,
            _ => ResolveFunction(scope, c.Operator, c.Name, c.Location, reportUnknown: true, args.Length),
        };
        if (result.Target is DynamicCallTarget)
        {
            result.Target = new DynamicCallTarget((RefTerm)Rewrite(scope, c.Operator));
        }

        return result;
    }

    /// <summary>
    /// Finds what a function name means: a user function (package-relative, via an import alias, or a
    /// full data path), else a builtin, else an evaluator special (print, walk, trace).
    /// </summary>
    private object? ResolveFunction(Scope scope, Term op, string? name, SourceLocation loc, bool reportUnknown, int argCount = -1)
    {
        string[]? path = null;
        if (op is VarTerm v && !scope.TryLookup(v.Name, out _))
        {
            if (_aliases.TryGetValue(v.Name, out var alias) && alias is RefTerm { Head: VarTerm { Name: "data" } } ar)
            {
                path = StaticPath(ar);
            }
            else if (_globals.Contains(v.Name))
            {
                path = [.. _package, v.Name];
            }
        }
        else if (op is RefTerm { Head: VarTerm h } r)
        {
            if (r.Path.Any(p => p is not ScalarTerm { Value: RegoString }))
            {
                return new DynamicCallTarget(r);
            }

            var names = r.Path.Select(p => ((RegoString)((ScalarTerm)p).Value).Value).ToArray();
            if (h.Name == "data")
            {
                path = names;
            }
            else if (_aliases.TryGetValue(h.Name, out var alias) && alias is RefTerm { Head: VarTerm { Name: "data" } } ar)
            {
                path = [.. StaticPath(ar)!, .. names];
            }
            else if (_globals.Contains(h.Name))
            {
                path = [.. _package, h.Name, .. names];
            }
        }

        if (path is not null && _ctx.Root.Find(path) is { IsFunction: true } node)
        {
            return node;
        }

        if (name is not null)
        {
            switch (name)
            {
                case "print":
                    return SpecialCall.Print;
                case "walk":
                    return SpecialCall.Walk;
                case "trace":
                    return SpecialCall.Trace;
            }

            if (_ctx.Builtins.TryGet(name, out var def))
            {
                if (argCount >= 0 && argCount != def.Arity && argCount != def.Arity + 1)
                {
                    _ctx.Error(RegoErrorCodes.TypeError,
                        argCount > def.Arity + 1 ? $"{name}: too many arguments" : $"{name}: too few arguments", loc);
                }

                return def;
            }
        }

        if (path is not null && _ctx.Root.Find(path) is { } other && (other.HasRules || other.Children.Count > 0))
        {
            // Calling a rule that is not a function: OPA reports this as a type error.
            if (reportUnknown)
            {
                _ctx.Error(RegoErrorCodes.TypeError, $"undefined function {string.Join(".", ["data", .. path])}", loc);
            }

            return null;
        }

        if (reportUnknown)
        {
            _ctx.Error(RegoErrorCodes.TypeError, $"undefined function {name}", loc);
        }

        return null;
    }

    private RegoObject RuleMetadata() =>
        _currentRule?.Annotations is { } a && a["scope"] is RegoString { Value: "rule" } ? a : RegoObject.Empty;

    private RegoArray ChainMetadata()
    {
        static RegoObject Entry(RegoObject? annotations, IEnumerable<string> path)
        {
            var b = new RegoObject.Builder();
            if (annotations is not null)
            {
                b.Set("annotations", annotations);
            }

            b.Set("path", RegoArray.From(path.Select(p => (RegoValue)RegoString.From(p))));
            return b.Build();
        }

        var entries = new List<RegoValue>();
        var rulePath = _currentRule is null ? _package : [.. _package, _currentRule.Name];
        var own = RuleMetadata();
        entries.Add(Entry(own.Count > 0 ? own : null, rulePath));
        if (_currentRule is not null && _documentAnnotations.TryGetValue(string.Join(".", rulePath), out var doc))
        {
            entries.Add(Entry(doc, rulePath));
        }

        if (_packageAnnotations.TryGetValue(string.Join(".", _package), out var pkg))
        {
            entries.Add(Entry(pkg, _package));
        }

        return RegoArray.From(entries);
    }

    private static string[]? StaticPath(RefTerm r) =>
        r.Path.All(p => p is ScalarTerm { Value: RegoString })
            ? r.Path.Select(p => ((RegoString)((ScalarTerm)p).Value).Value).ToArray()
            : null;
}
