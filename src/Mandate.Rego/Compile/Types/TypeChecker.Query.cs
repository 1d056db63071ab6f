using Mandate.Rego.Syntax.Ast;

namespace Mandate.Rego.Compile.Types;

/// <summary>Checking a prepared query (OPA's query compiler runs the same checker over the query body).</summary>
internal sealed partial class TypeChecker
{
    /// <summary>Checks a resolved query body; only reads the rule types, so it may run concurrently.</summary>
    public void CheckQuery(Expr[] body, int slotCount)
    {
        _vars = new RegoType?[slotCount];
        _computed.Clear();
        var errors = _ruleErrors;
        errors.Clear();
        CheckBody(body, errors);
        Errors.AddRange(errors);
    }
}
