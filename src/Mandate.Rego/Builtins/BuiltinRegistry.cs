using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>
/// All builtins of this assembly, discovered once by reflection over static methods carrying
/// <see cref="RegoBuiltinAttribute"/>. Each category file adds methods; nothing else is edited.
/// </summary>
public sealed class BuiltinRegistry
{
    private static readonly Lazy<BuiltinRegistry> LazyDefault = new(() => Discover(typeof(BuiltinRegistry).Assembly));

    private readonly Dictionary<string, BuiltinDefinition> _byName;

    private BuiltinRegistry(Dictionary<string, BuiltinDefinition> byName) => _byName = byName;

    /// <summary>The builtins of this assembly.</summary>
    public static BuiltinRegistry Default => LazyDefault.Value;

    public IEnumerable<BuiltinDefinition> All => _byName.Values;

    public int Count => _byName.Count;

    public bool TryGet(string name, [NotNullWhen(true)] out BuiltinDefinition? definition) =>
        _byName.TryGetValue(name, out definition);

    /// <summary>
    /// Calls a builtin by name with a fresh default context — for unit tests of a builtin without the
    /// parser. Throws <see cref="RegoEvalException"/> carrying OPA's code when the builtin fails.
    /// </summary>
    public RegoValue? Invoke(string name, params RegoValue[] operands) => Invoke(new BuiltinContext(), name, operands);

    public RegoValue? Invoke(BuiltinContext context, string name, params RegoValue[] operands)
    {
        if (!TryGet(name, out var def))
        {
            throw new ArgumentException($"no builtin named '{name}' is registered", nameof(name));
        }

        if (operands.Length != def.Arity)
        {
            throw new ArgumentException($"{name} takes {def.Arity} operands, got {operands.Length}", nameof(operands));
        }

        return def.Invoke(context, operands);
    }

    /// <summary>Scans an assembly; throws on malformed declarations so mistakes surface at first use.</summary>
    public static BuiltinRegistry Discover(Assembly assembly)
    {
        var byName = new Dictionary<string, BuiltinDefinition>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                foreach (var attr in method.GetCustomAttributes<RegoBuiltinAttribute>())
                {
                    var def = Adapt(method, attr);
                    if (!byName.TryAdd(attr.Name, def))
                    {
                        throw new InvalidOperationException(
                            $"builtin '{attr.Name}' is declared twice: {byName[attr.Name].Origin} and {def.Origin}");
                    }
                }
            }
        }

        return new BuiltinRegistry(byName);
    }

    private static BuiltinDefinition Adapt(MethodInfo m, RegoBuiltinAttribute attr)
    {
        var origin = $"{m.DeclaringType?.Name}.{m.Name}";
        var ps = m.GetParameters();
        var withContext = ps.Length > 0 && ps[0].ParameterType == typeof(BuiltinContext);
        var arity = withContext ? ps.Length - 1 : ps.Length;
        for (var i = withContext ? 1 : 0; i < ps.Length; i++)
        {
            if (ps[i].ParameterType != typeof(RegoValue))
            {
                throw new InvalidOperationException($"builtin {attr.Name} ({origin}): operand parameters must be RegoValue, '{ps[i].Name}' is {ps[i].ParameterType.Name}");
            }
        }

        if (!typeof(RegoValue).IsAssignableFrom(m.ReturnType))
        {
            throw new InvalidOperationException($"builtin {attr.Name} ({origin}): must return RegoValue? (null for undefined)");
        }

        var fn = withContext ? AdaptWithContext(m, arity) : AdaptPlain(m, arity);
        return new BuiltinDefinition(attr.Name, arity, attr.Nondeterministic, attr.Deprecated, fn, origin);
    }

    // Typed delegates (not MethodInfo.Invoke) keep a builtin call as cheap as a direct virtual call.
    private static BuiltinFunction AdaptWithContext(MethodInfo m, int arity)
    {
        switch (arity)
        {
            case 0:
            {
                var f = m.CreateDelegate<Func<BuiltinContext, RegoValue?>>();
                return (c, _) => f(c);
            }

            case 1:
            {
                var f = m.CreateDelegate<Func<BuiltinContext, RegoValue, RegoValue?>>();
                return (c, a) => f(c, a[0]);
            }

            case 2:
            {
                var f = m.CreateDelegate<Func<BuiltinContext, RegoValue, RegoValue, RegoValue?>>();
                return (c, a) => f(c, a[0], a[1]);
            }

            case 3:
            {
                var f = m.CreateDelegate<Func<BuiltinContext, RegoValue, RegoValue, RegoValue, RegoValue?>>();
                return (c, a) => f(c, a[0], a[1], a[2]);
            }

            case 4:
            {
                var f = m.CreateDelegate<Func<BuiltinContext, RegoValue, RegoValue, RegoValue, RegoValue, RegoValue?>>();
                return (c, a) => f(c, a[0], a[1], a[2], a[3]);
            }

            case 5:
            {
                var f = m.CreateDelegate<Func<BuiltinContext, RegoValue, RegoValue, RegoValue, RegoValue, RegoValue, RegoValue?>>();
                return (c, a) => f(c, a[0], a[1], a[2], a[3], a[4]);
            }

            case 6:
            {
                var f = m.CreateDelegate<Func<BuiltinContext, RegoValue, RegoValue, RegoValue, RegoValue, RegoValue, RegoValue, RegoValue?>>();
                return (c, a) => f(c, a[0], a[1], a[2], a[3], a[4], a[5]);
            }

            default:
                throw new InvalidOperationException($"builtin {m.Name}: at most 6 operands are supported");
        }
    }

    private static BuiltinFunction AdaptPlain(MethodInfo m, int arity)
    {
        switch (arity)
        {
            case 0:
            {
                var f = m.CreateDelegate<Func<RegoValue?>>();
                return (_, _) => f();
            }

            case 1:
            {
                var f = m.CreateDelegate<Func<RegoValue, RegoValue?>>();
                return (_, a) => f(a[0]);
            }

            case 2:
            {
                var f = m.CreateDelegate<Func<RegoValue, RegoValue, RegoValue?>>();
                return (_, a) => f(a[0], a[1]);
            }

            case 3:
            {
                var f = m.CreateDelegate<Func<RegoValue, RegoValue, RegoValue, RegoValue?>>();
                return (_, a) => f(a[0], a[1], a[2]);
            }

            case 4:
            {
                var f = m.CreateDelegate<Func<RegoValue, RegoValue, RegoValue, RegoValue, RegoValue?>>();
                return (_, a) => f(a[0], a[1], a[2], a[3]);
            }

            case 5:
            {
                var f = m.CreateDelegate<Func<RegoValue, RegoValue, RegoValue, RegoValue, RegoValue, RegoValue?>>();
                return (_, a) => f(a[0], a[1], a[2], a[3], a[4]);
            }

            case 6:
            {
                var f = m.CreateDelegate<Func<RegoValue, RegoValue, RegoValue, RegoValue, RegoValue, RegoValue, RegoValue?>>();
                return (_, a) => f(a[0], a[1], a[2], a[3], a[4], a[5]);
            }

            default:
                throw new InvalidOperationException($"builtin {m.Name}: at most 6 operands are supported");
        }
    }
}
