using Mandate.Rego.Syntax.Ast;

namespace Mandate.Rego.Compile.Stages;

/// <summary>Reading terms (counting uses) and declaring names.</summary>
internal sealed partial class CheckLocalVars
{
    /// <summary>Counts every variable the term reads; comprehensions open a scope of their own.</summary>
    protected override void VisitTerm(Term t)
    {
        switch (t)
        {
            case VarTerm v:
                Read(v.Name);
                return;
            case RefTerm { Head: VarTerm { Name: "input" or "data" }, Path.Length: 0 }:
                return;
        }

        // A call's operator names a function, not a variable: the walk reads only its arguments.
        WalkTerm(t);
    }

    protected override void VisitComprehension(Term head, Term? value, Expr[] body)
    {
        var used = RentSet();
        CollectVars(head, used);
        if (value is not null)
        {
            CollectVars(value, used);
        }

        PushScope();
        Body(body, used, head.Location);
        VisitTerm(head);
        if (value is not null)
        {
            VisitTerm(value);
        }

        PopScope();
        ReturnSet(used);
    }

    /// <summary>
    /// Comprehensions in a rule head are checked on their own (OPA rewrites them before the body, with
    /// a fresh scope); other head variables only count as uses of body variables.
    /// </summary>
    private void CheckHeadClosures(Term t) => (_headClosures ??= new HeadClosureWalk(this)).VisitHeadTerm(t);

    private HeadClosureWalk? _headClosures;

    private sealed class HeadClosureWalk(CheckLocalVars owner) : AstVisitor
    {
        public void VisitHeadTerm(Term t) => VisitTerm(t);

        protected override void VisitComprehension(Term head, Term? value, Expr[] body)
        {
            owner.PushScope();
            owner.VisitComprehension(head, value, body);
            owner.ClearScopes();
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
    private void CollectVars(Term t, HashSet<string> into)
    {
        _collector.Into = into;
        _collector.Collect(t);
    }

    private readonly VarCollector _collector = new();

    private sealed class VarCollector : AstVisitor
    {
        private HashSet<string> into = [];

        public HashSet<string> Into { set => into = value; }

        public void Collect(Term t) => VisitTerm(t);

        protected override void VisitTerm(Term t)
        {
            if (t is VarTerm v)
            {
                into.Add(v.Name);
                return;
            }

            WalkTerm(t);
        }

        protected override void VisitSomeDecl(SomeDeclExpr s)
        {
            foreach (var v in s.Vars)
            {
                into.Add(v.Name);
            }
        }

        protected override void VisitSomeIn(SomeInExpr si)
        {
            VisitTerm(si.Value);
            VisitTerm(si.Collection);
            if (si.Key is not null)
            {
                VisitTerm(si.Key);
            }
        }

        // `with` modifiers do not declare or use body variables here (as before the shared walk).
        protected override void VisitWith(WithModifier w)
        {
        }
    }

    private static bool IsWildcard(string name) => name == "_" || name.StartsWith("__local", StringComparison.Ordinal);

    private static RegoError Error(string message, SourceLocation at) => new(RegoErrorCodes.CompileError, message, at);
}
