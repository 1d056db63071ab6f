using Mandate.Rego.Syntax.Ast;

namespace Mandate.Rego.Compile.Stages;

/// <summary>
/// Which import names a module refers to. A name counts where OPA would resolve it to the import: not
/// where a local variable of the same name is in scope (function arguments, <c>:=</c>, <c>some</c>,
/// <c>every</c> key/value, declared anywhere in the enclosing body, as OPA's resolver treats them).
/// </summary>
internal sealed class ImportUsage
{
    private readonly HashSet<string> _names;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly List<HashSet<string>> _locals = [];

    private ImportUsage(HashSet<string> names) => _names = names;

    public static HashSet<string> NamesReferenced(Module module, HashSet<string> importNames)
    {
        var usage = new ImportUsage(importNames);
        foreach (var rule in module.Rules)
        {
            var args = new HashSet<string>(StringComparer.Ordinal);
            foreach (var a in rule.Args ?? [])
            {
                CollectVars(a, args);
            }

            for (var r = rule; r is not null; r = r.Else)
            {
                usage.Rule(r, args);
            }
        }

        return usage._used;
    }

    private void Rule(Rule rule, HashSet<string> args)
    {
        _locals.Add(args);
        _locals.Add(DeclaredIn(rule.Body));
        foreach (var t in rule.HeadRef.Skip(1))
        {
            Term(t);
        }

        if (rule.Key is not null)
        {
            Term(rule.Key);
        }

        if (rule.Value is not null)
        {
            Term(rule.Value);
        }

        Exprs(rule.Body);
        _locals.Clear();
    }

    private void Body(Expr[] body)
    {
        _locals.Add(DeclaredIn(body));
        Exprs(body);
        _locals.RemoveAt(_locals.Count - 1);
    }

    private void Exprs(Expr[] body)
    {
        foreach (var e in body)
        {
            switch (e)
            {
                case TermExpr t:
                    Term(t.Term);
                    break;
                case SomeInExpr si:
                    Term(si.Collection);
                    break;
                case EveryExpr ev:
                    Term(ev.Domain);
                    var kv = new HashSet<string>(StringComparer.Ordinal);
                    CollectVars(ev.Value, kv);
                    if (ev.Key is not null)
                    {
                        CollectVars(ev.Key, kv);
                    }

                    _locals.Add(kv);
                    Body(ev.Body);
                    _locals.RemoveAt(_locals.Count - 1);
                    break;
                case LogicExpr le:
                    Body(le.Left);
                    Body(le.Right);
                    break;
            }

            foreach (var w in e.With)
            {
                Term(w.Target);
                Term(w.Value);
            }
        }
    }

    private void Term(Term t)
    {
        switch (t)
        {
            case VarTerm v when _names.Contains(v.Name) && !_locals.Any(s => s.Contains(v.Name)):
                _used.Add(v.Name);
                break;
            case CallTerm c:
                Term(c.Operator);
                break;
            case ArrayComprehension ac:
                _locals.Add(DeclaredIn(ac.Body));
                Term(ac.Head);
                Exprs(ac.Body);
                _locals.RemoveAt(_locals.Count - 1);
                return;
            case SetComprehension sc:
                _locals.Add(DeclaredIn(sc.Body));
                Term(sc.Head);
                Exprs(sc.Body);
                _locals.RemoveAt(_locals.Count - 1);
                return;
            case ObjectComprehension oc:
                _locals.Add(DeclaredIn(oc.Body));
                Term(oc.Key);
                Term(oc.Value);
                Exprs(oc.Body);
                _locals.RemoveAt(_locals.Count - 1);
                return;
        }

        foreach (var c in CheckSafety.Children(t))
        {
            Term(c);
        }
    }

    /// <summary>Variables a body declares at its own level: <c>:=</c> targets, <c>some</c> names.</summary>
    private static HashSet<string> DeclaredIn(Expr[] body)
    {
        var vars = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in body)
        {
            switch (e)
            {
                case TermExpr { Term: CallTerm { Name: "assign" } c } when c.Args.Length == 2:
                    CollectVars(c.Args[0], vars);
                    break;
                case SomeDeclExpr s:
                    vars.UnionWith(s.Vars.Select(v => v.Name));
                    break;
                case SomeInExpr si:
                    CollectVars(si.Value, vars);
                    if (si.Key is not null)
                    {
                        CollectVars(si.Key, vars);
                    }

                    break;
            }
        }

        return vars;
    }

    private static void CollectVars(Term t, HashSet<string> into)
    {
        if (t is VarTerm v)
        {
            into.Add(v.Name);
            return;
        }

        foreach (var c in CheckSafety.Children(t))
        {
            CollectVars(c, into);
        }
    }
}
