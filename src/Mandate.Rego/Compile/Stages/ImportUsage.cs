using Mandate.Rego.Syntax.Ast;

namespace Mandate.Rego.Compile.Stages;

/// <summary>
/// Which import names a module refers to. A name counts where OPA would resolve it to the import: not
/// where a local variable of the same name is in scope (function arguments, <c>:=</c>, <c>some</c>,
/// <c>every</c> key/value, declared anywhere in the enclosing body, as OPA's resolver treats them).
/// </summary>
internal sealed class ImportUsage : AstVisitor
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
                usage._locals.Add(args);
                usage._locals.Add(DeclaredIn(r.Body));
                usage.VisitHead(r);
                usage.VisitExprs(r.Body);
                usage._locals.Clear();
            }
        }

        return usage._used;
    }

    /// <summary>A nested body (every, and/or): its own declarations shadow imports inside it.</summary>
    protected override void VisitBody(Expr[] body)
    {
        _locals.Add(DeclaredIn(body));
        VisitExprs(body);
        _locals.RemoveAt(_locals.Count - 1);
    }

    private void VisitExprs(Expr[] body)
    {
        foreach (var e in body)
        {
            VisitExpr(e);
        }
    }

    protected override void VisitEvery(EveryExpr ev)
    {
        VisitTerm(ev.Domain);
        var kv = new HashSet<string>(StringComparer.Ordinal);
        CollectVars(ev.Value, kv);
        if (ev.Key is not null)
        {
            CollectVars(ev.Key, kv);
        }

        _locals.Add(kv);
        VisitBody(ev.Body);
        _locals.RemoveAt(_locals.Count - 1);
    }

    protected override void VisitComprehension(Term head, Term? value, Expr[] body)
    {
        // The body's declarations are in scope in the head too.
        _locals.Add(DeclaredIn(body));
        VisitTerm(head);
        if (value is not null)
        {
            VisitTerm(value);
        }

        VisitExprs(body);
        _locals.RemoveAt(_locals.Count - 1);
    }

    protected override void VisitTerm(Term t)
    {
        switch (t)
        {
            case VarTerm v when _names.Contains(v.Name) && !IsLocal(v.Name):
                _used.Add(v.Name);
                return;
            case CallTerm c:
                VisitTerm(c.Operator);
                break;
        }

        WalkTerm(t);
    }

    private bool IsLocal(string name)
    {
        foreach (var scope in _locals)
        {
            if (scope.Contains(name))
            {
                return true;
            }
        }

        return false;
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
