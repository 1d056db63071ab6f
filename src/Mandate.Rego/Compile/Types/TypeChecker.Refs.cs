using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Compile.Types;

/// <summary>
/// OPA's reference check: a step into a value that cannot have it (a key of a number rule, a string key
/// of an array) is an <c>undefined ref</c> error. Variables used as keys take the key type of what they
/// index, which is how <c>xs[i]</c> makes <c>i</c> a number.
/// </summary>
internal sealed partial class TypeChecker
{
    /// <summary>Checks every reference in the term, skipping calls (checked where hoisted) and comprehensions (closures).</summary>
    private void CheckRefs(Term t, List<RegoError> errors)
    {
        switch (t)
        {
            case CallTerm or ArrayComprehension or SetComprehension or ObjectComprehension or ScalarTerm or VarTerm:
                return;
            case RefTerm r:
                if (CheckRef(r) is { } error)
                {
                    errors.Add(error);
                    return;
                }

                break;
        }

        EachChild(t, errors, static (self, c, e) => self.CheckRefs(c, e));
    }

    private RegoError? CheckRef(RefTerm r)
    {
        switch (r.Head)
        {
            case VarTerm { Slot: >= 0 } v when v.Slot < _vars.Length:
                // An unknown head becomes any, as OPA binds it when it meets the reference.
                return CheckRefLeaf(r, _vars[v.Slot] ??= RegoType.Any, 0);
            case VarTerm { Name: "data" }:
                return CheckDataRef(r, data, 0);
            case CallTerm c:
                return CheckRefLeaf(r, _computed.GetValueOrDefault(c) ?? RegoType.Any, 0);
            default:
                return CheckRefLeaf(r, RegoType.Any, 0);
        }
    }

    /// <summary>Steps through the typed rule tree (OPA's <c>checkRef</c>); <paramref name="i"/> indexes the path.</summary>
    private RegoError? CheckDataRef(RefTerm r, DataTypes node, int i)
    {
        if (i == r.Path.Length)
        {
            return null;
        }

        var step = r.Path[i];

        // data.x.y: the first two steps (package names) can only be strings. A reference, call or
        // comprehension there is one of OPA's generated variables, checked as a variable below.
        if (i < 2 && step is ScalarTerm or ArrayTerm or ObjectTerm or SetTerm && step is not ScalarTerm { Value: RegoString })
        {
            return TypeErrors.RefInvalid(r, i, TypeOf(step), RegoType.String, ChildKeys(node));
        }

        if (step is RefTerm or CallTerm or ArrayComprehension or SetComprehension or ObjectComprehension)
        {
            var keys = TypeOps.Keys(node.Extent());
            if (TypeOf(step) is { } known && !TypeOps.Unifies(keys, known))
            {
                return TypeErrors.RefInvalid(r, i, known, keys, ChildKeys(node));
            }
        }
        else if (step is VarTerm { Slot: >= 0 } v && v.Slot < _vars.Length)
        {
            var keys = TypeOps.Keys(node.Extent());
            if (_vars[v.Slot] is { } exist)
            {
                if (!TypeOps.Unifies(keys, exist))
                {
                    return TypeErrors.RefInvalid(r, i, exist, keys, ChildKeys(node));
                }
            }
            else
            {
                _vars[v.Slot] = keys;
            }
        }

        var child = step is ScalarTerm { Value: RegoString s } ? node.Child(s.Value) : null;
        if (child is null)
        {
            // A rule not typed here, base data, or an iteration over the children: OPA reports nothing.
            return null;
        }

        return child.IsLeaf ? CheckRefLeaf(r, child.Type!, i + 1) : CheckDataRef(r, child, i + 1);
    }

    /// <summary>Steps into a known type (OPA's <c>checkRefLeaf</c>); <paramref name="i"/> indexes the path.</summary>
    private RegoError? CheckRefLeaf(RefTerm r, RegoType type, int i)
    {
        for (; i < r.Path.Length; i++)
        {
            var step = r.Path[i];
            var keys = TypeOps.Keys(type);
            if (keys is null)
            {
                return TypeErrors.RefUnsupported(r, i, type);
            }

            switch (step)
            {
                case VarTerm { Slot: >= 0 } v when v.Slot < _vars.Length:
                    if (_vars[v.Slot] is { } exist)
                    {
                        if (!TypeOps.Unifies(exist, keys))
                        {
                            return TypeErrors.RefInvalid(r, i, exist, keys, OneOf(type));
                        }
                    }
                    else
                    {
                        _vars[v.Slot] = keys;
                    }

                    break;
                case RefTerm or CallTerm or ArrayComprehension or SetComprehension or ObjectComprehension:
                    if (TypeOf(step) is { } known && !TypeOps.Unifies(known, keys))
                    {
                        return TypeErrors.RefInvalid(r, i, known, keys, OneOf(type));
                    }

                    break;
                case ArrayTerm or ObjectTerm or SetTerm:
                    if (!Unify1(step, keys, union: false))
                    {
                        return TypeErrors.RefInvalid(r, i, TypeOf(step), keys, []);
                    }

                    break;
                case ScalarTerm { Value: var key } when key.Kind is ValueKind.Null or ValueKind.Boolean or ValueKind.Number or ValueKind.String:
                    if (TypeOps.Select(type, key) is not { } selected)
                    {
                        // A type with unknown parts may hold the key in them: nothing is certain.
                        return TypeOps.Nil(type) ? null : TypeErrors.RefInvalid(r, i, null, keys, OneOf(type));
                    }

                    type = selected;
                    continue;
                default:
                    // Anything else (a template, a composite constant) is not checked.
                    return null;
            }

            if (TypeOps.Values(type) is not { } values)
            {
                return null;
            }

            type = values;
        }

        return null;
    }

    private static List<RegoValue> ChildKeys(DataTypes node) =>
        [.. node.Children.Select(kv => (RegoValue)RegoString.From(kv.Key)).Order(RegoValueComparer.Instance)];

    /// <summary>OPA's "want (one of)" list: the known keys of an object type (or of the objects of a union).</summary>
    private static List<RegoValue> OneOf(RegoType type)
    {
        var keys = new List<RegoValue>();
        Collect(type, keys);
        return [.. keys.Distinct().Order(RegoValueComparer.Instance)];

        static void Collect(RegoType t, List<RegoValue> into)
        {
            if (t is ObjectType o)
            {
                into.AddRange(o.Static.Select(p => p.Key));
            }
            else if (t is AnyType a)
            {
                foreach (var m in a.Of)
                {
                    Collect(m, into);
                }
            }
        }
    }
}
