using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Compile.Types;

/// <summary>The type of a term in the current environment (OPA's <c>TypeEnv.Get</c>).</summary>
internal sealed partial class TypeChecker
{
    private RegoType? TypeOf(Term t)
    {
        switch (t)
        {
            case ScalarTerm s:
                return RegoType.OfValue(s.Value);
            case VarTerm v:
                return VarType(v);
            case RefTerm r:
                return TypeOfRef(r);
            case ArrayTerm a:
                var items = new RegoType?[a.Items.Length];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = TypeOf(a.Items[i]);
                }

                return new ArrayType(items, items.Length == 0 ? RegoType.Any : null);
            case SetTerm s:
                RegoType? of = null;
                foreach (var x in s.Items)
                {
                    of = TypeOps.Or(of, TypeOf(x));
                }

                return new SetType(of ?? RegoType.Any);
            case ObjectTerm o:
                return ObjectTypeOf(o);
            case ArrayComprehension or SetComprehension or ObjectComprehension:
                return _computed.TryGetValue(t, out var ct) ? ct : ComprehensionType(t, null);
            case CallTerm c:
                return _computed.GetValueOrDefault(c);
            case TemplateTerm:
                return RegoType.String;
            default:
                return null;
        }
    }

    private RegoType? VarType(VarTerm v)
    {
        if (v.Slot >= 0)
        {
            return v.Slot < _vars.Length ? _vars[v.Slot] : RegoType.Any;
        }

        return v.Name == "data" ? DataRef([]) : RegoType.Any;
    }

    private ObjectType ObjectTypeOf(ObjectTerm o)
    {
        var props = new List<StaticProperty>(o.Items.Length);
        DynamicProperty? dynamic = null;
        foreach (var (k, v) in o.Items)
        {
            if (k is ScalarTerm { Value: var key } && IsScalar(key))
            {
                props.Add(new StaticProperty(key, TypeOf(v)));
            }
            else
            {
                // As in OPA, a non-constant key makes the dynamic part; the last such pair wins.
                dynamic = new DynamicProperty(TypeOf(k), TypeOf(v));
            }
        }

        if (props.Count == 0 && dynamic is null)
        {
            dynamic = new DynamicProperty(RegoType.Any, RegoType.Any);
        }

        return new ObjectType([.. props], dynamic);
    }

    private static bool IsScalar(RegoValue v) => v.Kind is ValueKind.Null or ValueKind.Boolean or ValueKind.Number or ValueKind.String;

    private RegoType? TypeOfRef(RefTerm r)
    {
        switch (r.Head)
        {
            case VarTerm { Slot: >= 0 } v:
                return SelectRef(VarType(v), r.Path);
            case VarTerm { Name: "data" }:
                return DataRef(r.Path);
            case VarTerm:
                return RegoType.Any;
            case CallTerm c:
                return SelectRef(_computed.GetValueOrDefault(c), r.Path);
            default:
                return null;
        }
    }

    /// <summary>Follows reference steps into a type: a constant key selects, anything else iterates.</summary>
    private static RegoType? SelectRef(RegoType? t, ReadOnlySpan<Term> path)
    {
        foreach (var p in path)
        {
            if (t is null)
            {
                return null;
            }

            t = p is ScalarTerm { Value: var key } && IsScalar(key) ? TypeOps.Select(t, key) : TypeOps.Values(t);
        }

        return t;
    }

    /// <summary>The type of <c>data</c> followed by <paramref name="path"/> (OPA's <c>getRefRec</c>).</summary>
    private RegoType? DataRef(ReadOnlySpan<Term> path)
    {
        if (!data.HasChildren)
        {
            return RegoType.Any;
        }

        var node = data;
        for (var i = 0; ; i++)
        {
            if (i == path.Length)
            {
                return node.Extent();
            }

            var key = path[i] is ScalarTerm { Value: RegoString s } ? s.Value : null;
            if (node.IsLeaf)
            {
                if (key is not null && node.Child(key) is { } inner)
                {
                    node = inner;
                    continue;
                }

                return SelectRef(node.Type, path[i..]);
            }

            if (path[i] is not ScalarTerm { Value: var constant } || !IsScalar(constant))
            {
                return SelectRef(node.Extent(), path[i..]);
            }

            var child = key is null ? null : node.Child(key);
            if (child is null)
            {
                // Not a rule this checker has typed: base data, which can be anything.
                return RegoType.Any;
            }

            node = child;
        }
    }

    /// <summary>
    /// Checks a comprehension's body in a copy of the environment (OPA's closures): nothing bound inside
    /// leaks out. Returns its type (null when its body has errors), reporting those errors when asked.
    /// </summary>
    private RegoType? ComprehensionType(Term t, List<RegoError>? report)
    {
        var outer = _vars;
        _vars = (RegoType?[])outer.Clone();
        var errors = new List<RegoError>();
        RegoType? type = null;
        switch (t)
        {
            case ArrayComprehension ac:
                CheckBody(ac.Body, errors);
                Hoist(ac.Head, errors);
                type = new ArrayType([], TypeOf(ac.Head));
                break;
            case SetComprehension sc:
                CheckBody(sc.Body, errors);
                Hoist(sc.Head, errors);
                type = new SetType(TypeOf(sc.Head));
                break;
            case ObjectComprehension oc:
                CheckBody(oc.Body, errors);
                Hoist(oc.Key, errors);
                Hoist(oc.Value, errors);
                type = new ObjectType([], new DynamicProperty(TypeOf(oc.Key), TypeOf(oc.Value)));
                break;
        }

        _vars = outer;
        type = errors.Count == 0 ? type : null;
        _computed[t] = type;
        report?.AddRange(errors);
        return type;
    }

    /// <summary>
    /// OPA's closure check of one expression: every comprehension in it (not inside a call, which was
    /// checked where it was hoisted) is checked; as in OPA, only the errors of the last failing one are
    /// kept (in <see cref="_closureErrors"/>).
    /// </summary>
    private void CheckClosures(Term t, List<RegoError> errors)
    {
        switch (t)
        {
            case ArrayComprehension or SetComprehension or ObjectComprehension:
                var found = new List<RegoError>();
                ComprehensionType(t, found);
                if (found.Count > 0)
                {
                    _closureErrors = found;
                }

                return;
            case CallTerm or ScalarTerm or VarTerm:
                return;
        }

        EachChild(t, errors, static (self, c, e) => self.CheckClosures(c, e));
    }
}
