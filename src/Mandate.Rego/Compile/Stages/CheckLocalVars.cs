using Mandate.Rego.Syntax.Ast;

namespace Mandate.Rego.Compile.Stages;

/// <summary>
/// OPA's local-variable checks (its RewriteLocalVars stage), made on the parsed rules before names are
/// resolved. Always: a variable declared twice in one body (<c>var x assigned above</c>, <c>… declared
/// above</c>, <c>… referenced above</c>, <c>arg x redeclared</c>), an assignment under <c>not</c>, and a
/// <c>some</c>/<c>every</c> variable that is never used (<c>declared var x unused</c>). In strict mode
/// also: a <c>:=</c> variable never read afterwards (<c>assigned var x unused</c>) and a function argument
/// no body or value uses (<c>unused argument x</c>). A use counts in the same body or any body nested in
/// it, and in the rule head. Every body (rule, comprehension, <c>every</c>) is its own scope, so a
/// comprehension may declare a name the rule body also declares.
/// </summary>
internal sealed partial class CheckLocalVars : AstVisitor
{
    private enum Occurrence
    {
        Seen,
        Argument,
        Assigned,
        Declared,
    }

    /// <summary>One name in one scope: how it entered the scope, how often it was met, where it was declared.</summary>
    private sealed class Entry(Occurrence occurrence, SourceLocation? declaredAt)
    {
        public Occurrence Occurrence { get; } = occurrence;

        public SourceLocation? DeclaredAt { get; } = declaredAt;

        public int Count { get; set; } = 1;
    }

    private readonly bool _strict;

    /// <summary>Checking a query: its top-level variables are its output, so an unread one is not unused.</summary>
    private bool _query;
    private readonly List<Dictionary<string, Entry>> _scopes = [];
    private readonly List<RegoError> _errors = [];

    private CheckLocalVars(bool strict) => _strict = strict;

    public static void Run(CompileContext ctx)
    {
        // One checker for all rules: its scope dictionaries and name sets are reused from rule to rule.
        var checker = new CheckLocalVars(ctx.Options.Strict);
        foreach (var module in ctx.Modules)
        {
            foreach (var rule in module.Rules)
            {
                checker.CheckRule(rule);
                ctx.Errors.AddRange(checker._errors);
                checker._errors.Clear();
                checker.ClearScopes();
            }
        }
    }

    public static void RunQuery(CompileContext ctx, Expr[] body)
    {
        var checker = new CheckLocalVars(ctx.Options.Strict) { _query = true };
        checker.PushScope();
        checker.Body(body, NoNames, fallback: body.Length > 0 ? body[0].Location : default);
        ctx.Errors.AddRange(checker._errors);
    }

    private void CheckRule(Rule rule)
    {
        // Arguments live in the scope of each body of the else chain (OPA copies them per branch).
        var arguments = NoArguments;
        if (rule.Args is not null)
        {
            arguments = new Dictionary<string, Entry>(StringComparer.Ordinal);
            _scopes.Add(arguments);
            foreach (var arg in rule.Args)
            {
                DeclareArgument(arg);
            }

            _scopes.Clear();
        }

        var unusedArgs = _strict && arguments.Count > 0 ? arguments.Keys.ToHashSet(StringComparer.Ordinal) : null;

        var used = RentSet();
        for (var r = rule; r is not null; r = r.Else)
        {
            used.Clear();
            foreach (var t in r.HeadTerms())
            {
                CollectVars(t, used);
                CheckHeadClosures(t);
            }

            if (r.Value is not null && unusedArgs is { Count: > 0 })
            {
                var valueVars = RentSet();
                CollectVars(r.Value, valueVars);
                unusedArgs.ExceptWith(valueVars);
                ReturnSet(valueVars);
            }

            var branchScope = PushScope();
            foreach (var (name, entry) in arguments)
            {
                branchScope[name] = new Entry(entry.Occurrence, entry.DeclaredAt) { Count = entry.Count };
            }

            Body(r.Body, used, fallback: r.Location);
            unusedArgs?.RemoveWhere(a => branchScope[a].Count > 1);
            ClearScopes();
        }

        ReturnSet(used);
        foreach (var arg in unusedArgs?.Order(StringComparer.Ordinal) ?? Enumerable.Empty<string>())
        {
            _errors.Add(Error($"unused argument {arg}. (hint: use _ (wildcard variable) instead)", rule.Location));
        }
    }

    /// <summary>Checks one body in the innermost scope, then reports what it declared but never used.</summary>
    private void Body(Expr[] body, HashSet<string> used, SourceLocation fallback)
    {
        foreach (var e in body)
        {
            Expr(e);
        }

        if (_errors.Count > 0)
        {
            // As OPA: once a rule has an error, unused-variable reports would only add noise.
            return;
        }

        var scope = _scopes[^1];
        if (scope.Count == 0)
        {
            return;
        }

        var first = body.Length > 0 ? body[0].Location : fallback;
        List<(string Name, Entry Entry)>? unused = null;
        foreach (var (name, entry) in scope)
        {
            // An assignment is checked in strict mode only; `some`/`every` variables always (as OPA).
            var check = entry.Occurrence == Occurrence.Declared
                || (_strict && entry.Occurrence == Occurrence.Assigned && !(_query && _scopes.Count == 1));
            if (check && entry.Count <= 1 && !used.Contains(name))
            {
                (unused ??= []).Add((name, entry));
            }
        }

        if (unused is null)
        {
            return;
        }

        // OPA checks assignments first and skips the `some`/`every` check once that found something.
        var assigned = unused.Exists(u => u.Entry.Occurrence == Occurrence.Assigned);
        foreach (var (name, entry) in unused.Where(u => !assigned || u.Entry.Occurrence == Occurrence.Assigned).OrderBy(u => u.Name, StringComparer.Ordinal))
        {
            var kind = entry.Occurrence == Occurrence.Assigned ? "assigned" : "declared";
            _errors.Add(Error($"{kind} var {name} unused", entry.DeclaredAt ?? first));
        }
    }

    private void Expr(Expr e) => VisitExpr(e);

    protected override void VisitExpr(Expr e)
    {
        if (e is TermExpr { Term: CallTerm { Name: "assign" } c } && c.Args.Length == 2)
        {
            if (e.Negated)
            {
                _errors.Add(Error("cannot assign vars inside negated expression", e.Location));
                return;
            }

            // The right side is read before the left side declares (`x := x + 1` reads an outer x).
            VisitTerm(c.Args[1]);
            foreach (var w in e.With)
            {
                VisitTerm(w.Value);
            }

            DeclarePattern(c.Args[0], e.Location);
            return;
        }

        WalkExpr(e);
    }

    protected override void VisitSomeDecl(SomeDeclExpr s)
    {
        foreach (var v in s.Vars)
        {
            if (!IsWildcard(v.Name))
            {
                Declare(v.Name, Occurrence.Declared, s.Location, s.Location);
            }
        }
    }

    protected override void VisitSomeIn(SomeInExpr si) => SomeIn(si);

    protected override void VisitEvery(EveryExpr ev) => Every(ev);

    protected override void VisitLogic(LogicExpr le)
    {
        Nested(le.Left, NoNames, le.Location);
        Nested(le.Right, NoNames, le.Location);
    }

    private void SomeIn(SomeInExpr si)
    {
        // `some k, v in xs` declares the names of k and v that xs does not mention, then reads them all.
        var outputs = RentSet();
        CollectVars(si.Value, outputs);
        if (si.Key is not null)
        {
            CollectVars(si.Key, outputs);
        }

        var inCollection = RentSet();
        CollectVars(si.Collection, inCollection);
        foreach (var name in outputs.Except(inCollection).Where(n => !IsWildcard(n)).Order(StringComparer.Ordinal))
        {
            Declare(name, Occurrence.Declared, si.Location, si.Location);
        }

        ReturnSet(outputs);
        ReturnSet(inCollection);
        VisitTerm(si.Value);
        if (si.Key is not null)
        {
            VisitTerm(si.Key);
        }

        VisitTerm(si.Collection);
    }

    private void Every(EveryExpr ev)
    {
        VisitTerm(ev.Domain);
        PushScope();
        foreach (var t in new[] { ev.Key, ev.Value })
        {
            if (t is VarTerm v && !IsWildcard(v.Name))
            {
                // Not declared by an expression of the body: an unused one is reported at the body's start.
                Declare(v.Name, Occurrence.Declared, null, ev.Location);
            }
        }

        Body(ev.Body, NoNames, fallback: ev.Location);
        PopScope();
    }

    private void Nested(Expr[] body, HashSet<string> used, SourceLocation at)
    {
        PushScope();
        Body(body, used, at);
        PopScope();
    }
}
