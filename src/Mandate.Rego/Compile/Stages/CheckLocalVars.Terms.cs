using Mandate.Rego.Syntax.Ast;

namespace Mandate.Rego.Compile.Stages;

/// <summary>Reading terms (counting uses) and declaring names.</summary>
internal sealed partial class CheckLocalVars
{
    /// <summary>Counts every variable the term reads; comprehensions open a scope of their own.</summary>
    private void Term(Term t)
    {
        switch (t)
        {
            case VarTerm v:
                Read(v.Name);
                return;
            case RefTerm { Head: VarTerm { Name: "input" or "data" }, Path.Length: 0 }:
                return;
            case CallTerm c:
                // The operator names a function, not a variable; only the arguments are read.
                foreach (var a in c.Args)
                {
                    Term(a);
                }

                return;
            case ArrayComprehension ac:
                Comprehension(ac.Body, [ac.Head]);
                return;
            case SetComprehension sc:
                Comprehension(sc.Body, [sc.Head]);
                return;
            case ObjectComprehension oc:
                Comprehension(oc.Body, [oc.Key, oc.Value]);
                return;
        }

        foreach (var c in CheckSafety.Children(t))
        {
            Term(c);
        }
    }

    private void Comprehension(Expr[] body, Term[] heads)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var h in heads)
        {
            CollectVars(h, used);
        }

        _scopes.Add(new Dictionary<string, Entry>(StringComparer.Ordinal));
        Body(body, used, heads[0].Location);
        foreach (var h in heads)
        {
            Term(h);
        }

        _scopes.RemoveAt(_scopes.Count - 1);
    }

    /// <summary>
    /// Comprehensions in a rule head are checked on their own (OPA rewrites them before the body, with
    /// a fresh scope); other head variables only count as uses of body variables.
    /// </summary>
    private void CheckHeadClosures(Term t)
    {
        switch (t)
        {
            case ArrayComprehension or SetComprehension or ObjectComprehension:
                _scopes.Add(new Dictionary<string, Entry>(StringComparer.Ordinal));
                Term(t);
                _scopes.Clear();
                return;
        }

        foreach (var c in CheckSafety.Children(t))
        {
            CheckHeadClosures(c);
        }
    }

    private void Read(string name)
    {
        if (IsWildcard(name))
        {
            return;
        }

        for (var i = _scopes.Count - 1; i >= 0; i--)
        {
            if (_scopes[i].TryGetValue(name, out var entry))
            {
                entry.Count++;
                return;
            }
        }

        _scopes[^1][name] = new Entry(Occurrence.Seen, null);
    }

    /// <summary>The left side of <c>:=</c>: a variable, or an array/object pattern of them.</summary>
    private void DeclarePattern(Term t, SourceLocation exprAt)
    {
        switch (t)
        {
            case VarTerm v when !IsWildcard(v.Name):
                Declare(v.Name, Occurrence.Assigned, exprAt, v.Location);
                break;
            case RefTerm { Head: VarTerm { Name: "input" or "data" } h, Path.Length: 0 }:
                Declare(h.Name, Occurrence.Assigned, exprAt, t.Location);
                break;
            case ArrayTerm a:
                foreach (var x in a.Items)
                {
                    DeclarePattern(x, exprAt);
                }

                break;
            case ObjectTerm o:
                // Keys are matched, not bound.
                foreach (var (_, v) in o.Items)
                {
                    DeclarePattern(v, exprAt);
                }

                break;
        }
    }

    private void Declare(string name, Occurrence occurrence, SourceLocation? declaredAt, SourceLocation errorAt)
    {
        var scope = _scopes[^1];
        if (scope.TryGetValue(name, out var existing))
        {
            _errors.Add(Error(existing.Occurrence switch
            {
                Occurrence.Seen => $"var {name} referenced above",
                Occurrence.Assigned => $"var {name} assigned above",
                Occurrence.Declared => $"var {name} declared above",
                _ => $"arg {name} redeclared",
            }, errorAt));
            return;
        }

        scope[name] = new Entry(occurrence, declaredAt);
    }

    /// <summary>Function arguments: every variable of the pattern (object values only; keys are matched).</summary>
    private void DeclareArgument(Term t)
    {
        switch (t)
        {
            case VarTerm v when !IsWildcard(v.Name):
                if (_scopes[^1].TryGetValue(v.Name, out var seen))
                {
                    seen.Count++;
                }
                else
                {
                    _scopes[^1][v.Name] = new Entry(Occurrence.Argument, t.Location);
                }

                return;
            case ObjectTerm o:
                foreach (var (_, v) in o.Items)
                {
                    DeclareArgument(v);
                }

                return;
            case SetTerm or ScalarTerm or ArrayComprehension or SetComprehension or ObjectComprehension or CallTerm:
                return;
        }

        foreach (var c in CheckSafety.Children(t))
        {
            DeclareArgument(c);
        }
    }

    /// <summary>Every variable name in a term, closures included (OPA's VarVisitor defaults).</summary>
    private static void CollectVars(Term t, HashSet<string> into)
    {
        switch (t)
        {
            case VarTerm v:
                into.Add(v.Name);
                return;
            case ArrayComprehension ac:
                CollectVars(ac.Head, into);
                CollectBodyVars(ac.Body, into);
                return;
            case SetComprehension sc:
                CollectVars(sc.Head, into);
                CollectBodyVars(sc.Body, into);
                return;
            case ObjectComprehension oc:
                CollectVars(oc.Key, into);
                CollectVars(oc.Value, into);
                CollectBodyVars(oc.Body, into);
                return;
        }

        foreach (var c in CheckSafety.Children(t))
        {
            CollectVars(c, into);
        }
    }

    private static void CollectBodyVars(Expr[] body, HashSet<string> into)
    {
        foreach (var e in body)
        {
            switch (e)
            {
                case TermExpr te:
                    CollectVars(te.Term, into);
                    break;
                case SomeDeclExpr s:
                    into.UnionWith(s.Vars.Select(v => v.Name));
                    break;
                case SomeInExpr si:
                    CollectVars(si.Value, into);
                    CollectVars(si.Collection, into);
                    if (si.Key is not null)
                    {
                        CollectVars(si.Key, into);
                    }

                    break;
                case EveryExpr ev:
                    CollectVars(ev.Domain, into);
                    CollectBodyVars(ev.Body, into);
                    break;
                case LogicExpr le:
                    CollectBodyVars(le.Left, into);
                    CollectBodyVars(le.Right, into);
                    break;
            }
        }
    }

    private static bool IsWildcard(string name) => name == "_" || name.StartsWith("__local", StringComparison.Ordinal);

    private static RegoError Error(string message, SourceLocation at) => new(RegoErrorCodes.CompileError, message, at);
}
