using Mandate.Rego.Builtins;
using Mandate.Rego.Syntax.Ast;

namespace Mandate.Rego.Compile.Types;

/// <summary>Calls and unification (OPA's <c>checkExprBuiltin</c>, <c>unify1</c>, <c>unify2</c>).</summary>
internal sealed partial class TypeChecker
{
    /// <summary>
    /// Checks every call nested in <paramref name="t"/> as OPA's rewritten body would: each call becomes
    /// its own expression, arguments first (innermost first, left to right), with a fresh output whose
    /// type is the call's result. Comprehensions are skipped: their bodies are checked as closures.
    /// </summary>
    private void Hoist(Term t, List<RegoError> errors)
    {
        switch (t)
        {
            case CallTerm c:
                foreach (var a in c.Args)
                {
                    Hoist(a, errors);
                }

                CheckCallExpr(c, c.Location, hasOutput: true, errors);
                return;
            case ArrayComprehension or SetComprehension or ObjectComprehension or ScalarTerm or VarTerm:
                return;
        }

        EachChild(t, errors, static (self, c, e) => self.Hoist(c, e));
    }

    /// <summary>One call expression: its closures and refs, then its arguments against the declaration.</summary>
    private void CheckCallExpr(CallTerm c, SourceLocation at, bool hasOutput, List<RegoError> errors)
    {
        var reported = CheckStatement(c.Args, errors);
        if (CheckCall(c, hasOutput) is { } have && FunctionTypeOf(c, out var name) is { } fn)
        {
            // OPA drops an error caused by an unknown type when the expression already reported why.
            if (!(reported && have.Any(TypeOps.Nil)))
            {
                errors.Add(TypeErrors.Arguments(name, have, fn, at));
            }
        }
    }

    /// <summary>Unifies the arguments (and output) with the declaration; returns the argument types when one does not fit.</summary>
    private RegoType?[]? CheckCall(CallTerm c, bool hasOutput)
    {
        var fn = FunctionTypeOf(c, out _);
        if (fn is null)
        {
            return null;
        }

        var declared = fn.Args.Length + (fn.Result is null ? 0 : 1);
        var count = c.Args.Length + (hasOutput ? 1 : 0);
        if (count > declared || c.Args.Length < fn.Args.Length)
        {
            // Arity errors are reported when calls are resolved.
            return null;
        }

        for (var i = 0; i < count; i++)
        {
            if (i == c.Args.Length)
            {
                // The fresh output variable OPA introduces binds to the result type.
                _computed[c] = fn.Result;
            }
            else if (!Unify1(c.Args[i], i < fn.Args.Length ? fn.Args[i] : fn.Result, union: false))
            {
                var have = new RegoType?[count];
                for (var j = 0; j < c.Args.Length; j++)
                {
                    have[j] = TypeOf(c.Args[j]);
                }

                return have;
            }
        }

        return null;
    }

    /// <summary>The declared type of what the call invokes, or null when it is not checked.</summary>
    private FunctionType? FunctionTypeOf(CallTerm c, out string name) => FunctionTypeOf(c.Target, c.Name, out name);

    /// <summary>The type of a call target (builtin, user function, evaluator special), named as OPA prints it.</summary>
    private FunctionType? FunctionTypeOf(object? target, string written, out string name)
    {
        switch (target)
        {
            case BuiltinDefinition def:
                name = def.Name;
                return BuiltinTypes.Get(def.Name);
            case SpecialCall.Walk:
                name = "walk";
                return BuiltinTypes.Get(name);
            case SpecialCall.Trace:
                name = "trace";
                return BuiltinTypes.Get(name);
            case RuleNode node:
                name = node.DisplayPath;

                // A function whose body has errors is typed any: its calls are not checked (as in OPA).
                return data.Find(node.Path)?.Type as FunctionType;
            default:
                name = written;
                return null;
        }
    }

    /// <summary>
    /// OPA's check of <c>with f as g</c> when both are functions: g must take what f takes (same arity,
    /// unifiable arguments), else <c>f: arity mismatch</c>.
    /// </summary>
    private RegoError? CheckWith(Expr e)
    {
        foreach (var w in e.With)
        {
            if (w.TargetFunction is not null && w.ValueFunction is not null
                && FunctionTypeOf(w.TargetFunction, w.Target.ToString() ?? string.Empty, out var name) is { } target
                && FunctionTypeOf(w.ValueFunction, string.Empty, out _) is { } value
                && !TypeOps.Unifies(target, value))
            {
                return TypeErrors.ArityMismatch(name, value.Args, target, w.Location);
            }
        }

        return null;
    }

    /// <summary>
    /// OPA's <c>unify1</c>: can the term have the type? Unknown variables take it. A reference,
    /// comprehension or call of unknown type is one of OPA's generated variables there, so it takes it too.
    /// </summary>
    private bool Unify1(Term term, RegoType? type, bool union)
    {
        switch (term)
        {
            case ArrayTerm a:
                return type switch
                {
                    ArrayType at => (a.Items.Length == at.Static.Length || at.Dynamic is not null) && AllItems(a.Items, at, union),
                    AnyType any => UnifyEachMember(term, any, a.Items),
                    _ => false,
                };
            case ObjectTerm o:
                return type switch
                {
                    ObjectType ot => UnifyObject(o, ot, union),
                    AnyType any => UnifyEachMember(term, any, o.Items.SelectMany(kv => new[] { kv.Key, kv.Value })),
                    _ => false,
                };
            case SetTerm s:
                return type switch
                {
                    SetType st => s.Items.All(x => Unify1(x, TypeOps.Values(st), union)),
                    AnyType any => UnifyEachMember(term, any, s.Items),
                    _ => false,
                };
            case VarTerm { Slot: >= 0 } v when v.Slot < _vars.Length:
                if (!union)
                {
                    if (_vars[v.Slot] is { } exist)
                    {
                        return TypeOps.Unifies(exist, type);
                    }

                    _vars[v.Slot] = type;
                }
                else
                {
                    _vars[v.Slot] = TypeOps.Or(_vars[v.Slot], type);
                }

                return true;
            case RefTerm or ArrayComprehension or SetComprehension or ObjectComprehension or CallTerm:
                return TypeOf(term) is not { } known || TypeOps.Unifies(known, type);
            case ScalarTerm or TemplateTerm:
                return TypeOps.Unifies(TypeOf(term), type);
            default:
                return true;
        }
    }

    private bool AllItems(Term[] items, ArrayType at, bool union)
    {
        for (var i = 0; i < items.Length; i++)
        {
            if (!Unify1(items[i], at.Select(i), union))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A composite against <c>any</c> fits when it fits some member; against plain <c>any</c> its parts all become any.</summary>
    private bool UnifyEachMember(Term term, AnyType any, IEnumerable<Term> parts)
    {
        if (any.IsAll)
        {
            foreach (var p in parts)
            {
                Unify1(p, RegoType.Any, union: true);
            }

            return true;
        }

        var unifies = false;
        foreach (var m in any.Of)
        {
            unifies = Unify1(term, m, union: true) || unifies;
        }

        return unifies;
    }

    private bool UnifyObject(ObjectTerm o, ObjectType ot, bool union)
    {
        if (o.Items.Length != ot.Static.Length && ot.Dynamic?.Value is null)
        {
            return false;
        }

        foreach (var (k, v) in o.Items)
        {
            if (k is ScalarTerm { Value: var key } && IsScalar(key))
            {
                if (ot.Select(key) is not { } child || !Unify1(v, child, union))
                {
                    return false;
                }
            }
            else
            {
                Unify1(v, RegoType.Any, union);
            }
        }

        return true;
    }

    /// <summary>OPA's <c>unify2</c> for <c>a = b</c>: a side of unknown type takes the other side's type.</summary>
    private bool Unify2(Term a, RegoType? typeA, Term b, RegoType? typeB)
    {
        var nilA = TypeOps.Nil(typeA);
        var nilB = TypeOps.Nil(typeB);
        if (nilA && !nilB)
        {
            return Unify1(a, typeB, union: false);
        }

        if (nilB && !nilA)
        {
            return Unify1(b, typeA, union: false);
        }

        if (!nilA && !nilB)
        {
            return TypeOps.Unifies(typeA, typeB);
        }

        switch (a)
        {
            case ArrayTerm aa when b is ArrayTerm ba:
                if (aa.Items.Length != ba.Items.Length)
                {
                    return false;
                }

                for (var i = 0; i < aa.Items.Length; i++)
                {
                    if (!Unify2(aa.Items[i], TypeOf(aa.Items[i]), ba.Items[i], TypeOf(ba.Items[i])))
                    {
                        return false;
                    }
                }

                return true;
            case ObjectTerm oa when b is ObjectTerm ob:
                return UnifyObjects(oa, ob);
            case ArrayTerm or ObjectTerm or VarTerm when b is VarTerm:
                return Unify1(a, RegoType.Any, union: false) && Unify1(b, TypeOf(a), union: false);
            case VarTerm when b is ArrayTerm or ObjectTerm:
                return Unify1(b, RegoType.Any, union: false) && Unify1(a, TypeOf(b), union: false);
            case ArrayTerm or ObjectTerm when b is ArrayTerm or ObjectTerm:
                return false;
        }

        // Both sides unknown and not plain patterns (a reference, call or comprehension OPA would have
        // typed): nothing is known to conflict.
        return true;
    }

    private bool UnifyObjects(ObjectTerm a, ObjectTerm b)
    {
        if (a.Items.Length != b.Items.Length)
        {
            return false;
        }

        foreach (var (k, v) in a.Items)
        {
            if (k is not ScalarTerm ak)
            {
                // Keys that are not constants: OPA matches them by name; nothing is known to conflict.
                return true;
            }

            var match = Array.FindIndex(b.Items, kv => kv.Key is ScalarTerm bk && bk.Value.Equals(ak.Value));
            if (match < 0)
            {
                return false;
            }

            var w = b.Items[match].Value;
            if (!Unify2(v, TypeOf(v), w, TypeOf(w)))
            {
                return false;
            }
        }

        return true;
    }
}
