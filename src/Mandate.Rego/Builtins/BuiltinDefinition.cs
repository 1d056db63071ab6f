using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>The uniform calling shape every builtin is adapted to. Returns null for "undefined".</summary>
public delegate RegoValue? BuiltinFunction(BuiltinContext context, ReadOnlySpan<RegoValue> operands);

/// <summary>A registered builtin: its declaration (name, arity, flags) and its adapted implementation.</summary>
public sealed class BuiltinDefinition
{
    internal BuiltinDefinition(string name, int arity, bool nondeterministic, bool deprecated, BuiltinFunction function, string origin)
    {
        Name = name;
        Arity = arity;
        Nondeterministic = nondeterministic;
        Deprecated = deprecated;
        Function = function;
        Origin = origin;
    }

    public string Name { get; }

    /// <summary>Number of operands; a call with one more argument binds the result to that argument.</summary>
    public int Arity { get; }

    public bool Nondeterministic { get; }

    public bool Deprecated { get; }

    public BuiltinFunction Function { get; }

    /// <summary>The implementing method (<c>Type.Method</c>), for diagnostics.</summary>
    public string Origin { get; }

    /// <summary>
    /// Calls the builtin and maps failures to OPA's codes: <see cref="BuiltinTypeException"/> to
    /// <c>eval_type_error</c>, any other exception to <c>eval_builtin_error</c>, both as
    /// <c>name: message</c> at <paramref name="location"/>. <see cref="RegoEvalException"/> (limits,
    /// cancellation) passes through unchanged.
    /// </summary>
    public RegoValue? Invoke(BuiltinContext context, ReadOnlySpan<RegoValue> operands, SourceLocation location = default)
    {
        context.BeginCall(Name, location);
        try
        {
            return Function(context, operands);
        }
        catch (RegoEvalException)
        {
            throw;
        }
        catch (BuiltinTypeException e)
        {
            throw new RegoEvalException(RegoErrorCodes.EvalTypeError, $"{Name}: {e.Message}", location);
        }
        catch (OperationCanceledException)
        {
            throw new RegoEvalException(RegoErrorCodes.EvalCancelError, "caller cancelled query execution", location);
        }
        catch (InsufficientExecutionStackException)
        {
            throw new RegoEvalException(RegoErrorCodes.EvalLimitError, $"{Name}: input nested too deeply", location);
        }
#pragma warning disable CA1031 // A builtin's failure of any kind becomes an eval_builtin_error, as in OPA.
        catch (Exception e)
#pragma warning restore CA1031
        {
            throw new RegoEvalException(RegoErrorCodes.EvalBuiltinError, $"{Name}: {e.Message}", location);
        }
    }
}
