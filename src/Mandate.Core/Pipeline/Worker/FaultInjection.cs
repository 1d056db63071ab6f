namespace Mandate.Core.Pipeline.Worker;

using Mandate.Core.Model;

/// <summary>The places in an apply where a test may stop the process to prove crash recovery.</summary>
internal enum FaultPoint
{
    /// <summary>The operation is recorded as applying (the intent); the provider has not been called.</summary>
    BeforeApply,

    /// <summary>The provider's apply returned; neither state nor the operation's end is written yet.</summary>
    AfterApplyBeforeStateWrite,
}

/// <summary>
/// A test-only hook: internal, set only in code through <see cref="OperationApplier.Faults"/>, never read from
/// configuration, absent (null) by default. Tests use it to kill the process at a <see cref="FaultPoint"/>.
/// </summary>
internal interface IFaultInjector
{
    void Reached(FaultPoint point, OperationRecord operation);
}
