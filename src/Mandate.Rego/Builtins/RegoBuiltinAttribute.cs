namespace Mandate.Rego.Builtins;

/// <summary>
/// Declares a static method as the implementation of a Rego builtin. The method is found by reflection
/// (see <see cref="BuiltinRegistry"/>), so adding a builtin means adding a method — no list to edit.
/// <para>Accepted shapes: <c>static RegoValue? Name([BuiltinContext ctx,] RegoValue a1, …, RegoValue aN)</c>
/// with N from 0 to 6. The arity is N. Returning <c>null</c> means "undefined".</para>
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class RegoBuiltinAttribute(string name) : Attribute
{
    /// <summary>The Rego name, dotted for namespaced builtins (<c>"array.concat"</c>).</summary>
    public string Name { get; } = name;

    /// <summary>True when the result may differ between calls with the same operands (time, random, uuid).</summary>
    public bool Nondeterministic { get; init; }

    /// <summary>True for builtins OPA deprecates; strict-mode compilation rejects calls to them.</summary>
    public bool Deprecated { get; init; }
}
