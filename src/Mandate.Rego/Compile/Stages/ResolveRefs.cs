using Mandate.Rego.Builtins;
using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Compile.Stages;

/// <summary>
/// Stage 2: gives every variable a frame slot and rewrites names into what they mean: import aliases and
/// rules of the package become <c>data</c> references, <c>input</c>/<c>data</c> become roots, calls get a
/// target (builtin, function node or evaluator special). Variables declared with <c>:=</c>/<c>some</c>
/// and function arguments shadow rule names; other variables named like a rule refer to the rule (as in OPA).
/// A comprehension or <c>every</c> body sees the variables of its enclosing bodies; names first seen
/// inside it are local to it.
/// </summary>
internal sealed partial class ResolveRefs
{
    private readonly CompileContext _ctx;
    private readonly string[] _package;
    private readonly Dictionary<string, Term> _aliases = new(StringComparer.Ordinal);
    private readonly HashSet<string> _globals;
    private int _slots;
    private Rule? _currentRule;
    private Dictionary<string, RegoObject> _packageAnnotations = [];
    private Dictionary<string, RegoObject> _documentAnnotations = [];

    private ResolveRefs(CompileContext ctx, string[] package, IEnumerable<Import> imports, HashSet<string> globals)
    {
        _ctx = ctx;
        _package = package;
        _globals = globals;
        foreach (var imp in imports)
        {
            if (imp.Path.Head is VarTerm { Name: "data" or "input" })
            {
                _aliases[imp.Name] = imp.Path;
            }
        }
    }

    public static void Run(CompileContext ctx)
    {
        // Annotations are collected across modules first: rego.metadata.chain() sees package and
        // document annotations written in other modules.
        var packageAnnotations = new Dictionary<string, RegoObject>(StringComparer.Ordinal);
        var documentAnnotations = new Dictionary<string, RegoObject>(StringComparer.Ordinal);
        foreach (var module in ctx.Modules)
        {
            if (module.PackageAnnotations is { } pa)
            {
                packageAnnotations.TryAdd(string.Join(".", module.Package), pa);
            }

            foreach (var rule in module.Rules)
            {
                if (rule.Annotations is { } ra && ra["scope"] is RegoString { Value: "document" })
                {
                    documentAnnotations.TryAdd(string.Join(".", module.Package) + "." + rule.Name, ra);
                }
            }
        }

        foreach (var module in ctx.Modules)
        {
            var globals = new HashSet<string>(StringComparer.Ordinal);
            var pkgNode = ctx.Root.Find(module.Package);
            if (pkgNode is not null)
            {
                globals.UnionWith(pkgNode.Children.Keys);
            }

            var resolver = new ResolveRefs(ctx, module.Package, module.Imports, globals)
            {
                _packageAnnotations = packageAnnotations,
                _documentAnnotations = documentAnnotations,
            };
            foreach (var rule in module.Rules)
            {
                resolver._currentRule = rule;
                for (var r = rule; r is not null; r = r.Else)
                {
                    resolver.ResolveRule(r, rule);
                }
            }
        }
    }

    /// <summary>Resolves a query; returns the slots of its named variables.</summary>
    public static Dictionary<string, int> ResolveQuery(CompileContext ctx, ref Expr[] body, out int slotCount, string[]? package = null)
    {
        var globals = new HashSet<string>(StringComparer.Ordinal);
        if (package is not null && ctx.Root.Find(package) is { } node)
        {
            globals.UnionWith(node.Children.Keys);
        }

        var r = new ResolveRefs(ctx, package ?? [], [], globals);
        var scope = new Scope(null);
        r.Predeclare(scope, body);
        body = r.RewriteBody(scope, body);
        slotCount = r._slots;
        return scope.Vars.Where(kv => !kv.Key.StartsWith('_') || kv.Key.StartsWith("__", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
    }

    private void ResolveRule(Rule rule, Rule chainHead)
    {
        _slots = 0;
        var scope = new Scope(null);
        var args = rule.Args ?? chainHead.Args;
        if (args is not null)
        {
            foreach (var a in args)
            {
                DeclareVars(scope, a, declare: true);
            }
        }

        // The body first: its `:=` declarations carry their position, which closures rely on.
        Predeclare(scope, rule.Body);
        for (var i = 1; i < rule.HeadRef.Length; i++)
        {
            DeclareVars(scope, rule.HeadRef[i], declare: false);
        }

        if (rule.Key is not null)
        {
            DeclareVars(scope, rule.Key, declare: false);
        }

        if (rule.Value is not null)
        {
            DeclareVars(scope, rule.Value, declare: false);
        }

        if (args is not null)
        {
            rule.Args = args.Select(a => Rewrite(scope, a)).ToArray();
        }

        rule.HeadRef = rule.HeadRef.Select((t, i) => i == 0 ? t : Rewrite(scope, t)).ToArray();
        rule.Body = RewriteBody(scope, rule.Body);
        if (rule.Key is not null)
        {
            rule.Key = Rewrite(scope, rule.Key);
        }

        if (rule.Value is not null)
        {
            rule.Value = Rewrite(scope, rule.Value);
        }

        rule.SlotCount = _slots;
    }

    /// <summary>Registers the variables a body introduces at its own level (not inside closures).</summary>
    private void Predeclare(Scope scope, Expr[] body)
    {
        foreach (var e in body)
        {
            switch (e)
            {
                case TermExpr { Term: CallTerm { Name: "assign" } c }:
                    scope.Declaring = true;
                    DeclareVars(scope, c.Args[0], declare: true);
                    scope.Declaring = false;
                    DeclareVars(scope, c.Args[1], declare: false);
                    break;
                case TermExpr t:
                    DeclareVars(scope, t.Term, declare: false);
                    break;
                case SomeDeclExpr s:
                    scope.Declaring = true;
                    foreach (var v in s.Vars)
                    {
                        scope.Declare(v.Name, ref _slots);
                    }

                    scope.Declaring = false;

                    break;
                case SomeInExpr si:
                    if (si.Key is not null)
                    {
                        DeclareVars(scope, si.Key, declare: true);
                    }

                    DeclareVars(scope, si.Value, declare: true);
                    DeclareVars(scope, si.Collection, declare: false);
                    break;
                case EveryExpr ev:
                    DeclareVars(scope, ev.Domain, declare: false);
                    break;
            }

            foreach (var w in e.With)
            {
                // A replacement named like a builtin or function is a function, not a variable.
                if (NameOf(w.Value) is { } n && (_ctx.Builtins.TryGet(n, out _) || n.Contains('.', StringComparison.Ordinal)))
                {
                    continue;
                }

                DeclareVars(scope, w.Value, declare: false);
            }

            scope.Index++;
        }

        scope.Index = 0;
    }

    /// <summary>Adds the variables of a term (outside closures) to the scope.</summary>
    private void DeclareVars(Scope scope, Term t, bool declare)
    {
        switch (t)
        {
            case VarTerm v when v.IsWildcard:
                return;
            case VarTerm v:
                if (declare)
                {
                    scope.Declare(v.Name, ref _slots);
                }
                else if (!scope.TryLookup(v.Name, out _) && !IsGlobalName(v.Name))
                {
                    scope.Declare(v.Name, ref _slots);
                }

                return;
            case RefTerm r:
                if (r.Head is not VarTerm)
                {
                    DeclareVars(scope, r.Head, false);
                }
                else if (r.Head is VarTerm hv && !IsGlobalName(hv.Name) && !scope.TryLookup(hv.Name, out _))
                {
                    scope.Declare(hv.Name, ref _slots);
                }

                foreach (var p in r.Path)
                {
                    DeclareVars(scope, p, false);
                }

                return;
            case ArrayTerm a:
                foreach (var x in a.Items)
                {
                    DeclareVars(scope, x, declare);
                }

                return;
            case SetTerm s:
                foreach (var x in s.Items)
                {
                    DeclareVars(scope, x, declare);
                }

                return;
            case ObjectTerm o:
                foreach (var (k, v) in o.Items)
                {
                    DeclareVars(scope, k, false);
                    DeclareVars(scope, v, declare);
                }

                return;
            case CallTerm c:
                foreach (var x in c.Args)
                {
                    DeclareVars(scope, x, false);
                }

                return;
            case TemplateTerm tt:
                foreach (var p in tt.Parts)
                {
                    if (p is Term pt)
                    {
                        DeclareVars(scope, pt, false);
                    }
                }

                return;
        }
    }

    private bool IsGlobalName(string name) =>
        name is "input" or "data" || _aliases.ContainsKey(name) || _globals.Contains(name);

    private Expr[] RewriteBody(Scope scope, Expr[] body)
    {
        var result = new Expr[body.Length];
        for (var i = 0; i < body.Length; i++)
        {
            scope.Index = i;
            result[i] = RewriteExpr(scope, body[i]);
        }

        scope.Index = int.MaxValue;
        return result;
    }

    private Expr RewriteExpr(Scope scope, Expr e)
    {
        var with = e.With.Length == 0 ? e.With : e.With.Select(w => RewriteWith(scope, w)).ToArray();
        switch (e)
        {
            case TermExpr t:
                return new TermExpr(Rewrite(scope, t.Term)) { Location = e.Location, Negated = e.Negated, With = with };
            case SomeDeclExpr s:
                return new SomeDeclExpr(s.Vars.Select(v => (VarTerm)Rewrite(scope, v)).ToArray()) { Location = e.Location, Negated = e.Negated, With = with };
            case SomeInExpr si:
                return new SomeInExpr(si.Key is null ? null : Rewrite(scope, si.Key), Rewrite(scope, si.Value), Rewrite(scope, si.Collection))
                { Location = e.Location, Negated = e.Negated, With = with };
            case EveryExpr ev:
            {
                var domain = Rewrite(scope, ev.Domain);
                var inner = new Scope(scope);
                if (ev.Key is not null)
                {
                    DeclareVars(inner, ev.Key, true);
                }

                DeclareVars(inner, ev.Value, true);
                Predeclare(inner, ev.Body);
                var key = ev.Key is null ? null : Rewrite(inner, ev.Key);
                var value = Rewrite(inner, ev.Value);
                var body = RewriteBody(inner, ev.Body);
                return new EveryExpr(key, value, domain, body) { Location = e.Location, Negated = e.Negated, With = with };
            }

            case LogicExpr le:
            {
                var left = ClosureScope(scope, le.Left);
                var right = ClosureScope(scope, le.Right);
                return new LogicExpr(le.Op, RewriteBody(left, le.Left), RewriteBody(right, le.Right)) { Location = e.Location, Negated = e.Negated, With = with };
            }

            default:
                throw new InvalidOperationException("unknown expression kind " + e.GetType().Name);
        }
    }

    private Term Rewrite(Scope scope, Term t)
    {
        switch (t)
        {
            case ScalarTerm:
                return t;
            case VarTerm v:
                return ResolveVar(scope, v);
            case RefTerm r:
            {
                var head = r.Head is VarTerm hv ? ResolveVar(scope, hv) : Rewrite(scope, r.Head);
                var path = r.Path.Select(p => Rewrite(scope, p));
                if (head is RefTerm hr)
                {
                    return new RefTerm(hr.Head, [.. hr.Path, .. path]) { Location = r.Location };
                }

                return new RefTerm(head, path.ToArray()) { Location = r.Location };
            }

            case ArrayTerm a:
                return new ArrayTerm(a.Items.Select(x => Rewrite(scope, x)).ToArray()) { Location = a.Location };
            case SetTerm s:
                return new SetTerm(s.Items.Select(x => Rewrite(scope, x)).ToArray()) { Location = s.Location };
            case ObjectTerm o:
                return new ObjectTerm(o.Items.Select(kv => new KeyValuePair<Term, Term>(Rewrite(scope, kv.Key), Rewrite(scope, kv.Value))).ToArray()) { Location = o.Location };
            case CallTerm c:
                return RewriteCall(scope, c);
            case TemplateTerm tt:
                return new TemplateTerm(tt.Parts.Select(p => p is Term pt ? Rewrite(scope, pt) : p).ToArray()) { Location = tt.Location };
            case ArrayComprehension ac:
            {
                var inner = ClosureScope(scope, ac.Body);
                var body = RewriteBody(inner, ac.Body);
                return new ArrayComprehension(Rewrite(inner, ac.Head), body) { Location = ac.Location };
            }

            case SetComprehension sc:
            {
                var inner = ClosureScope(scope, sc.Body);
                var body = RewriteBody(inner, sc.Body);
                return new SetComprehension(Rewrite(inner, sc.Head), body) { Location = sc.Location };
            }

            case ObjectComprehension oc:
            {
                var inner = ClosureScope(scope, oc.Body);
                var body = RewriteBody(inner, oc.Body);
                return new ObjectComprehension(Rewrite(inner, oc.Key), Rewrite(inner, oc.Value), body) { Location = oc.Location };
            }

            default:
                throw new InvalidOperationException("unknown term kind " + t.GetType().Name);
        }
    }

    private Scope ClosureScope(Scope outer, Expr[] body)
    {
        var inner = new Scope(outer);
        Predeclare(inner, body);
        return inner;
    }

    private Term ResolveVar(Scope scope, VarTerm v)
    {
        if (v.IsWildcard)
        {
            return new VarTerm("_") { Location = v.Location, Slot = _slots++ };
        }

        if (scope.TryLookup(v.Name, out var slot))
        {
            return new VarTerm(v.Name) { Location = v.Location, Slot = slot };
        }

        if (v.Name is "input" or "data")
        {
            return new VarTerm(v.Name) { Location = v.Location, Slot = -1 };
        }

        if (_aliases.TryGetValue(v.Name, out var alias))
        {
            return Rewrite(scope, alias);
        }

        if (_globals.Contains(v.Name))
        {
            return DataRef([.. _package, v.Name], v.Location);
        }

        return new VarTerm(v.Name) { Location = v.Location, Slot = scope.Declare(v.Name, ref _slots) };
    }

    private static RefTerm DataRef(string[] path, SourceLocation loc) =>
        new(new VarTerm("data") { Location = loc, Slot = -1 }, path.Select(p => (Term)new ScalarTerm(RegoString.From(p)) { Location = loc }).ToArray()) { Location = loc };

}
