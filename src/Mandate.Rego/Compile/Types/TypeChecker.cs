using Mandate.Rego.Syntax.Ast;

namespace Mandate.Rego.Compile.Types;

/// <summary>
/// OPA's type checker over the compiled rules: infers the type of every local variable from constants,
/// builtin declarations, rule and function types, and reports <c>rego_type_error</c>s for builtin and
/// function calls with arguments of the wrong type, unifications of incompatible types and references
/// the rule tree makes impossible. Rules are checked in dependency order, so a rule's type is known
/// before a rule that refers to it is checked; a rule whose checks fail is typed <c>any</c>.
/// <para>
/// OPA checks a rewritten body: a call nested in another term becomes its own expression before it,
/// innermost first, with a fresh output variable (so an argument error shows the output as
/// <c>???</c>); calls in a rule head run after the body. This checker walks the original terms in
/// that same order instead of rewriting them. Where this engine cannot know what OPA infers, it uses
/// <c>any</c> or leaves the variable unknown, which never raises an error OPA would not.
/// </para>
/// </summary>
internal sealed partial class TypeChecker(DataTypes data)
{
    /// <summary>The types of the current rule's frame slots (null: not known yet).</summary>
    private RegoType?[] _vars = [];

    /// <summary>Output types of checked calls and types of checked comprehensions, per term.</summary>
    private readonly Dictionary<Term, RegoType?> _computed = new(ReferenceEqualityComparer.Instance);

    /// <summary>The errors of the last failing comprehension of the expression being checked.</summary>
    private List<RegoError>? _closureErrors;

    /// <summary>The current rule's errors (reused from rule to rule).</summary>
    private readonly List<RegoError> _ruleErrors = [];

    public List<RegoError> Errors { get; } = [];

    /// <summary>Checks one rule (or function, default, or else branch) and records its type at its node.</summary>
    public void CheckRule(RuleNode node, Rule rule, Rule chainHead)
    {
        _vars = new RegoType?[rule.SlotCount];
        _computed.Clear();
        var errors = _ruleErrors;
        errors.Clear();
        CheckBody(rule.Body, errors);

        // OPA moves the calls of a head to the end of the body; its refs stay in the head, unchecked.
        for (var i = 1; i < rule.HeadRef.Length; i++)
        {
            Hoist(rule.HeadRef[i], errors);
        }

        if (rule.Key is not null)
        {
            Hoist(rule.Key, errors);
        }

        if (rule.Value is not null)
        {
            Hoist(rule.Value, errors);
        }

        Errors.AddRange(errors);
        if (errors.Count > 0)
        {
            data.Put(node.Path, RegoType.Any);
            return;
        }

        if (RuleType(node, rule, chainHead) is { } type)
        {
            data.Insert(node.Path, type);
        }
    }

    private RegoType? RuleType(RuleNode node, Rule rule, Rule chainHead)
    {
        var args = rule.Args ?? chainHead.Args;
        if (args is not null)
        {
            // Arguments the body did not type are any, before the result is typed (as in OPA).
            var argTypes = new RegoType?[args.Length];
            for (var i = 0; i < args.Length; i++)
            {
                BindUnknownVars(args[i]);
                argTypes[i] = TypeOf(args[i]);
            }

            return new FunctionType(argTypes, rule.Value is null ? RegoType.Boolean : TypeOf(rule.Value));
        }

        if (rule.IsMultiValue)
        {
            // A partial set; one under a ref head with variables (a[x] contains y) is left to any.
            return TypeOf(rule.Key!) is { } key && node.SuffixStart[chainHead] == chainHead.HeadRef.Length ? new SetType(key) : RegoType.Any;
        }

        var value = rule.Value is null ? RegoType.Boolean : TypeOf(rule.Value);

        var start = node.SuffixStart[chainHead];
        if (start == rule.HeadRef.Length)
        {
            return value;
        }

        // A dynamic head suffix (p[k] := v, a.b[x].c := v) makes the document at the static prefix an
        // object keyed by the suffix's types (OPA's nestedObject). The tree here keys nodes by string only,
        // so a head whose suffix starts with another constant (p[1] := v) is left to any.
        if (rule.HeadRef.Length != chainHead.HeadRef.Length || rule.HeadRef[start] is not VarTerm)
        {
            return RegoType.Any;
        }

        var type = value;
        for (var i = rule.HeadRef.Length - 1; i >= start && type is not null; i--)
        {
            type = TypeOf(rule.HeadRef[i]) is { } key ? new ObjectType([], new DynamicProperty(key, type)) : null;
        }

        return type;
    }

    private void CheckBody(Expr[] body, List<RegoError> errors)
    {
        foreach (var e in body)
        {
            CheckExpr(e, errors);
        }
    }

    private void CheckExpr(Expr e, List<RegoError> errors)
    {
        if (e.With.Length > 0 && CheckWith(e) is { } mismatch)
        {
            // OPA reports this instead of the expression's own checks.
            errors.Add(mismatch);
            return;
        }

        switch (e)
        {
            case TermExpr { Term: CallTerm c } te when IsUnification(c):
                CheckUnification(te, c.Args[0], c.Args[1], errors);
                break;
            case TermExpr { Term: CallTerm c } te:
                foreach (var a in c.Args)
                {
                    Hoist(a, errors);
                }

                CheckCallExpr(c, te.Location, hasOutput: false, errors);
                break;
            case TermExpr te:
                Hoist(te.Term, errors);
                CheckStatement([te.Term], errors);
                break;
            case SomeInExpr si:
                CheckSomeIn(si, errors);
                break;
            case EveryExpr ev:
                // OPA does not type-check an `every` body, but its reference check sees the domain and
                // every reference in the body (TypeChecker.Every.cs).
                CheckRefs(ev.Domain, errors);
                CheckEveryBodyRefs(ev.Body, errors);
                break;

            // `some x` declares only; the experimental and/or bodies are not OPA's and are left alone.
        }
    }

    /// <summary>The closure and reference checks of one expression; returns whether either reported.</summary>
    private bool CheckStatement(ReadOnlySpan<Term> operands, List<RegoError> errors)
    {
        var outer = _closureErrors;
        _closureErrors = null;
        foreach (var t in operands)
        {
            CheckClosures(t, errors);
        }

        var before = errors.Count;
        if (_closureErrors is not null)
        {
            errors.AddRange(_closureErrors);
        }

        _closureErrors = outer;

        foreach (var t in operands)
        {
            CheckRefs(t, errors);
        }

        return errors.Count > before;
    }

    /// <summary><c>some [k,] x in xs</c> is OPA's <c>x = xs[k]</c>: the key takes the collection's key type, the value its element type.</summary>
    private void CheckSomeIn(SomeInExpr si, List<RegoError> errors)
    {
        Hoist(si.Collection, errors);
        CheckStatement([si.Collection], errors);
        var collection = TypeOf(si.Collection);
        if (si.Key is not null)
        {
            Unify1(si.Key, TypeOps.Keys(collection) ?? RegoType.Any, union: false);
        }

        Unify1(si.Value, TypeOps.Values(collection) ?? RegoType.Any, union: false);
    }

    private void CheckUnification(TermExpr e, Term a, Term b, List<RegoError> errors)
    {
        Hoist(a, errors);
        Hoist(b, errors);
        var reported = CheckStatement([a, b], errors);
        var typeA = TypeOf(a);
        var typeB = TypeOf(b);
        if (!Unify2(a, typeA, b, typeB) && !(reported && (TypeOps.Nil(typeA) || TypeOps.Nil(typeB))))
        {
            errors.Add(TypeErrors.Match(typeA, typeB, e.Location));
        }
    }

    /// <summary><c>a = b</c>, <c>a := b</c>, and a whole-expression <c>a == b</c> (which OPA rewrites to <c>a = b</c>).</summary>
    private static bool IsUnification(CallTerm c) =>
        c.Args.Length == 2 && (c.Target is SpecialCall.Unify or SpecialCall.Assign || c.Target is Builtins.BuiltinDefinition { Name: "equal" });

    /// <summary>Gives every still unknown variable in a function argument the type <c>any</c>.</summary>
    private void BindUnknownVars(Term t)
    {
        if (t is VarTerm { Slot: >= 0 } v && v.Slot < _vars.Length)
        {
            _vars[v.Slot] ??= RegoType.Any;
            return;
        }

        EachChild(t, _ruleErrors, static (self, c, _) => self.BindUnknownVars(c));
    }
}
