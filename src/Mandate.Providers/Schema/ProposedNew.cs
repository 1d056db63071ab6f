using System.Collections.Immutable;
using Mandate.Providers.Cty;

namespace Mandate.Providers.Schema;

/// <summary>
/// The proposed new state Terraform core sends to PlanResourceChange: config merged with prior state, as in
/// Terraform's <c>plans/objchange</c>. A pure function of (schema, prior, config):
/// <list type="bullet">
/// <item>a non-computed attribute always takes its config value (null included: unset optional means null);</item>
/// <item>a computed attribute left null in config keeps its prior value (null on create: the provider then marks
/// what it will compute as unknown);</item>
/// <item>nested blocks are correlated with prior ones by index (list), key (map), or by matching every
/// non-computed attribute (set), and merged recursively; single blocks merge when both exist;</item>
/// <item>a null config (destroy) proposes null; a null prior (create) is first replaced by an object whose
/// attributes are null and whose block collections are empty.</item>
/// </list>
/// </summary>
public static class ProposedNew
{
    /// <summary>The proposed new value of a resource of <paramref name="schema"/>.</summary>
    public static CtyValue Compute(SchemaBlock schema, CtyValue prior, CtyValue config)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(prior);
        ArgumentNullException.ThrowIfNull(config);
        if (config.IsNull && prior.IsNull) return prior;
        if (prior.IsNull) prior = AllBlockAttributesNull(schema);
        return ForObject(NestedSchema.Of(schema), prior, config);
    }

    /// <summary>
    /// An object of the block's implied type with every attribute null, every list/set/map block empty, every
    /// single block null and every group block filled the same way: what an empty configuration decodes to.
    /// </summary>
    public static CtyValue AllBlockAttributesNull(SchemaBlock schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var type = schema.ImpliedType();
        var values = new Dictionary<string, CtyValue>(StringComparer.Ordinal);
        foreach (var (name, attribute) in schema.Attributes) values[name] = CtyValue.Null(attribute.ImpliedType());
        foreach (var (name, block) in schema.BlockTypes) values[name] = EmptyBlockValue(block);
        return CtyValue.Object(type, values);
    }

    /// <summary>The value a nested block has when config writes none of it.</summary>
    public static CtyValue EmptyBlockValue(SchemaNestedBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var type = block.ImpliedType();
        return block.Nesting switch
        {
            SchemaNesting.Single => CtyValue.Null(type),
            SchemaNesting.Group => AllBlockAttributesNull(block.Block),
            SchemaNesting.List => type.Kind == CtyTypeKind.Dynamic ? CtyValue.Tuple([]) : CtyValue.EmptyList(type.ElementType!),
            SchemaNesting.Set => CtyValue.EmptySet(type.ElementType!),
            _ => type.Kind == CtyTypeKind.Dynamic ? CtyValue.EmptyObject : CtyValue.EmptyMap(type.ElementType!),
        };
    }

    /// <summary>Merges one object level: attributes, then nested blocks.</summary>
    private static CtyValue ForObject(NestedSchema schema, CtyValue prior, CtyValue config)
    {
        if (config.IsNull || !config.IsKnown) return config;
        var values = new Dictionary<string, CtyValue>(StringComparer.Ordinal);
        foreach (var (name, attribute) in schema.Attributes)
        {
            var priorV = prior.IsNull || !prior.IsKnown ? CtyValue.Null(attribute.ImpliedType()) : prior.GetAttribute(name);
            values[name] = ForAttribute(attribute, priorV, config.GetAttribute(name));
        }

        foreach (var (name, block) in schema.Blocks)
        {
            var priorV = prior.IsNull || !prior.IsKnown ? EmptyBlockValue(block) : prior.GetAttribute(name);
            values[name] = ForNestedBlock(block, priorV, config.GetAttribute(name));
        }

        return CtyValue.Object(config.Type, values);
    }

    private static CtyValue ForAttribute(SchemaAttribute attribute, CtyValue prior, CtyValue config)
    {
        if (attribute.Computed && config.IsNull)
        {
            // An optional+computed nested attribute whose prior holds config-only values must have been set in
            // config before, so now being null means it was removed: take the null rather than keep the prior.
            return attribute.Optional && attribute.NestedType is not null && HasNonComputedValues(attribute.NestedType, prior) ? config : prior;
        }

        return attribute.NestedType is { } nested ? ForNestedType(nested, prior, config) : config;
    }

    private static CtyValue ForNestedType(SchemaObject schema, CtyValue prior, CtyValue config)
    {
        if (!config.IsKnown) return config;
        var nested = NestedSchema.Of(schema);
        return schema.Nesting switch
        {
            SchemaNesting.Single or SchemaNesting.Group => config.IsNull ? config : ForObject(nested, prior, config),
            SchemaNesting.List => ForList(nested, prior, config),
            SchemaNesting.Map => ForMap(nested, prior, config),
            _ => ForSet(nested, prior, config),
        };
    }

    private static CtyValue ForNestedBlock(SchemaNestedBlock block, CtyValue prior, CtyValue config)
    {
        // Only a dynamic block with an unknown for_each makes a whole block unknown.
        if (!config.IsKnown) return config;
        var nested = NestedSchema.Of(block.Block);
        return block.Nesting switch
        {
            SchemaNesting.Single => config.IsNull ? config : ForObject(nested, prior, config),
            SchemaNesting.Group => ForObject(nested, prior, config),
            SchemaNesting.List => ForList(nested, prior, config),
            SchemaNesting.Map => ForMap(nested, prior, config),
            _ => ForSet(nested, prior, config),
        };
    }

    /// <summary>List elements are correlated by index; config elements past the prior's end merge with null.</summary>
    private static CtyValue ForList(NestedSchema schema, CtyValue prior, CtyValue config)
    {
        if (config.IsNull || config.Length == 0) return config;
        var usablePrior = prior.IsKnown && !prior.IsNull;
        var merged = ImmutableArray.CreateBuilder<CtyValue>(config.Length);
        for (var i = 0; i < config.Length; i++)
        {
            var configE = config.Elements[i];
            var priorE = usablePrior && i < prior.Length ? prior.Elements[i] : CtyValue.Null(configE.Type);
            merged.Add(ForObject(schema, priorE, configE));
        }

        // A list whose elements hold dynamic attributes is a tuple (each element may differ in type).
        return config.Type.Kind == CtyTypeKind.Tuple ? CtyValue.Tuple(merged.MoveToImmutable()) : config.WithElements(merged.MoveToImmutable());
    }

    /// <summary>Map elements are correlated by key.</summary>
    private static CtyValue ForMap(NestedSchema schema, CtyValue prior, CtyValue config)
    {
        if (config.IsNull || config.Length == 0) return config;
        var usablePrior = prior.IsKnown && !prior.IsNull;
        var isObject = config.Type.Kind == CtyTypeKind.Object; // a map block with dynamic attributes is an object
        var merged = ImmutableArray.CreateBuilder<CtyValue>(config.Length);
        for (var i = 0; i < config.Length; i++)
        {
            var key = isObject ? config.Type.AttributeNames[i] : config.MapKeys[i];
            var configE = config.Elements[i];
            CtyValue priorE = CtyValue.Null(configE.Type);
            if (usablePrior)
            {
                if (isObject && prior.Type.AttributeTypes.ContainsKey(key)) priorE = prior.GetAttribute(key);
                else if (!isObject && prior.TryGetMapElement(key, out var found)) priorE = found;
            }

            merged.Add(ForObject(schema, priorE, configE));
        }

        return config.WithElements(merged.MoveToImmutable());
    }

    /// <summary>
    /// Set elements have no identity, so a prior element is paired with a config element when they agree on
    /// everything config decides (computed attributes config left null are ignored); each prior element is used
    /// at most once, first match wins, as in Terraform.
    /// </summary>
    private static CtyValue ForSet(NestedSchema schema, CtyValue prior, CtyValue config)
    {
        if (config.IsNull || config.Length == 0) return config;
        var priorElements = prior.IsKnown && !prior.IsNull ? prior.Elements : [];
        var used = new bool[priorElements.Length];
        var merged = new List<CtyValue>(config.Length);
        foreach (var configE in config.Elements)
        {
            var priorE = CtyValue.Null(configE.Type);
            for (var i = 0; i < priorElements.Length; i++)
            {
                if (used[i] || !MatchesConfig(schema, priorElements[i], configE)) continue;
                priorE = priorElements[i];
                used[i] = true;
                break;
            }

            merged.Add(ForObject(schema, priorE, configE));
        }

        return CtyValue.Set(config.Type.ElementType!, merged);
    }

    /// <summary>True when <paramref name="prior"/> could have come from <paramref name="config"/>: equal once computed values config leaves null are ignored.</summary>
    private static bool MatchesConfig(NestedSchema schema, CtyValue prior, CtyValue config)
    {
        if (prior.EqualsIgnoringMarks(config)) return true;
        if (prior.IsNull || config.IsNull || !prior.IsKnown || !config.IsKnown) return false;
        foreach (var (name, attribute) in schema.Attributes)
        {
            var c = config.GetAttribute(name);
            if (attribute.Computed && c.IsNull) continue;
            var p = prior.GetAttribute(name);
            if (attribute.NestedType is { Nesting: SchemaNesting.Single or SchemaNesting.Group } nested)
            {
                if (!MatchesConfig(NestedSchema.Of(nested), p, c)) return false;
            }
            else if (!p.EqualsIgnoringMarks(c)) return false;
        }

        foreach (var (name, block) in schema.Blocks)
        {
            var p = prior.GetAttribute(name);
            var c = config.GetAttribute(name);
            if (block.Nesting is SchemaNesting.Single or SchemaNesting.Group)
            {
                if (!MatchesConfig(NestedSchema.Of(block.Block), p, c)) return false;
            }
            else if (!p.IsKnown || !c.IsKnown || p.IsNull != c.IsNull || p.Length != c.Length) return false;
            else
            {
                for (var i = 0; i < p.Length; i++)
                {
                    // Sets of blocks are canonically ordered, so positions line up when the members agree.
                    if (!MatchesConfig(NestedSchema.Of(block.Block), p.Elements[i], c.Elements[i])) return false;
                }
            }
        }

        return true;
    }

    /// <summary>True when a prior nested value holds a non-null value for some attribute config alone can set.</summary>
    private static bool HasNonComputedValues(SchemaObject schema, CtyValue prior)
    {
        if (prior.IsNull || !prior.IsKnown) return false;
        IEnumerable<CtyValue> objects = schema.Nesting is SchemaNesting.Single or SchemaNesting.Group ? [prior] : prior.Elements;
        foreach (var obj in objects)
        {
            if (obj.IsNull || !obj.IsKnown) continue;
            foreach (var (name, attribute) in schema.Attributes)
            {
                if (!attribute.Computed && !obj.GetAttribute(name).IsNull) return true;
            }
        }

        return false;
    }

    /// <summary>Blocks and nested attribute objects seen the same way: attributes plus (for blocks) nested blocks.</summary>
    private sealed record NestedSchema(IReadOnlyDictionary<string, SchemaAttribute> Attributes, IReadOnlyDictionary<string, SchemaNestedBlock> Blocks)
    {
        private static readonly IReadOnlyDictionary<string, SchemaNestedBlock> NoBlocks = new Dictionary<string, SchemaNestedBlock>();

        public static NestedSchema Of(SchemaBlock block) => new(block.Attributes, block.BlockTypes);

        public static NestedSchema Of(SchemaObject obj) => new(obj.Attributes, NoBlocks);
    }
}
