using Mandate.Rego.Values;

namespace Mandate.Rego.Compile.Types;

/// <summary>
/// The inferred types of the rules under <c>data</c>, as a tree keyed by path segment (OPA's type tree).
/// A node with a <see cref="Type"/> is a leaf (the value of the rules there); a node without one is a
/// prefix (a package or a ref-head prefix) whose document is an object of its children plus any other
/// string key, because base documents can add keys the checker knows nothing about. Only rules that
/// have been typed are in the tree: a path that is not is <c>any</c>.
/// </summary>
internal sealed class DataTypes
{
    private Dictionary<string, DataTypes>? _children;

    public RegoType? Type { get; private set; }

    public bool IsLeaf => Type is not null;

    public bool HasChildren => _children is { Count: > 0 };

    public IEnumerable<KeyValuePair<string, DataTypes>> Children => _children ?? [];

    public DataTypes? Child(string key) => _children is not null && _children.TryGetValue(key, out var c) ? c : null;

    public DataTypes? Find(string[] path)
    {
        var n = this;
        foreach (var p in path)
        {
            n = n.Child(p);
            if (n is null)
            {
                return null;
            }
        }

        return n;
    }

    private DataTypes GetOrAdd(string key)
    {
        _children ??= new(StringComparer.Ordinal);
        if (!_children.TryGetValue(key, out var c))
        {
            c = new DataTypes();
            _children[key] = c;
        }

        return c;
    }

    /// <summary>Sets the type at a path, replacing what was there (a rule whose body has type errors gets <c>any</c>).</summary>
    public void Put(string[] path, RegoType type) => Walk(path).Type = type;

    /// <summary>
    /// Adds one rule's type at a path, merged with the types of the other rules there (OPA's
    /// <c>mergeTypes</c>). Where OPA would fold a rule into an object typed further up or down the path
    /// (ref heads that nest inside other rules' documents), the types involved become <c>any</c>: less
    /// precise than OPA, never stricter.
    /// </summary>
    public void Insert(string[] path, RegoType type)
    {
        var n = this;
        foreach (var p in path)
        {
            if (n.IsLeaf && !ReferenceEquals(n, this))
            {
                n.Type = RegoType.Any;
            }

            n = n.GetOrAdd(p);
        }

        n.Type = n.HasChildren ? RegoType.Any : Merge(n.Type, type);
    }

    private DataTypes Walk(string[] path)
    {
        var n = this;
        foreach (var p in path)
        {
            n = n.GetOrAdd(p);
        }

        return n;
    }

    /// <summary>OPA's <c>mergeTypes</c>: sets join their element types, dynamic-only objects their properties, the rest unite.</summary>
    private static RegoType? Merge(RegoType? a, RegoType? b)
    {
        if (a is null || b is null)
        {
            return a ?? b;
        }

        switch (a)
        {
            case ObjectType oa when b is ObjectType ob && oa.Static.Length == 0 && ob.Static.Length == 0:
                return new ObjectType([], new DynamicProperty(TypeOps.Or(oa.Dynamic?.Key, ob.Dynamic?.Key), Merge(oa.Dynamic?.Value, ob.Dynamic?.Value)));
            case ObjectType oa when b is AnyType && oa.Static.Length == 0:
                // OPA folds the object into an object member of the union; the union stays as it was.
                return b is AnyType { Of: var members } && members.Any(m => m is ObjectType { Static.Length: 0 }) ? b : TypeOps.Or(a, b);
            case SetType sa when b is SetType sb:
                return new SetType(TypeOps.Or(sa.Of, sb.Of));
            case AnyType when b is not AnyType:
                return Merge(b, a);
        }

        return TypeOps.Or(a, b);
    }

    /// <summary>The type of the whole document at this node (OPA's <c>getRefRecExtent</c>).</summary>
    public RegoType Extent()
    {
        if (Type is not null)
        {
            return Type;
        }

        var props = new List<StaticProperty>();
        foreach (var (k, c) in Children)
        {
            props.Add(new StaticProperty(RegoString.From(k), c.Extent()));
        }

        return new ObjectType([.. props], new DynamicProperty(RegoType.String, RegoType.Any));
    }
}
