using Mandate.Rego.Syntax.Ast;

namespace Mandate.Rego.Compile.Stages;

/// <summary>
/// The one walk over parsed bodies and terms that the early compile checks share (keyword overrides,
/// import usage, local variables, deprecated builtins). A stage overrides only the nodes it cares about
/// and calls the <c>Walk…</c> method (or <c>base</c>) to descend; everything else is walked in source
/// order: an expression's term, a <c>some … in</c> collection, an <c>every</c> domain then body, both
/// bodies of <c>and</c>/<c>or</c>, then each <c>with</c> target and value; a comprehension's head(s)
/// then body; any other term's sub-terms. The walk allocates nothing itself (no iterators), which is
/// what keeps these stages cheap on every compile.
/// </summary>
internal abstract class AstVisitor
{
    /// <summary>The terms of a rule head after its name: ref-head suffix, key, value.</summary>
    protected void VisitHead(Rule rule)
    {
        for (var i = 1; i < rule.HeadRef.Length; i++)
        {
            VisitTerm(rule.HeadRef[i]);
        }

        if (rule.Key is not null)
        {
            VisitTerm(rule.Key);
        }

        if (rule.Value is not null)
        {
            VisitTerm(rule.Value);
        }
    }

    protected virtual void VisitBody(Expr[] body)
    {
        foreach (var e in body)
        {
            VisitExpr(e);
        }
    }

    protected virtual void VisitExpr(Expr e) => WalkExpr(e);

    /// <summary>The expression's own parts, then its <c>with</c> modifiers.</summary>
    protected void WalkExpr(Expr e)
    {
        switch (e)
        {
            case TermExpr t:
                VisitTermExpr(t);
                break;
            case SomeDeclExpr s:
                VisitSomeDecl(s);
                break;
            case SomeInExpr si:
                VisitSomeIn(si);
                break;
            case EveryExpr ev:
                VisitEvery(ev);
                break;
            case LogicExpr le:
                VisitLogic(le);
                break;
        }

        foreach (var w in e.With)
        {
            VisitWith(w);
        }
    }

    protected virtual void VisitTermExpr(TermExpr e) => VisitTerm(e.Term);

    protected virtual void VisitSomeDecl(SomeDeclExpr s)
    {
    }

    /// <summary>By default only the collection: the key and value are the names it declares.</summary>
    protected virtual void VisitSomeIn(SomeInExpr si) => VisitTerm(si.Collection);

    protected virtual void VisitEvery(EveryExpr ev)
    {
        VisitTerm(ev.Domain);
        VisitBody(ev.Body);
    }

    protected virtual void VisitLogic(LogicExpr le)
    {
        VisitBody(le.Left);
        VisitBody(le.Right);
    }

    protected virtual void VisitWith(WithModifier w)
    {
        VisitTerm(w.Target);
        VisitTerm(w.Value);
    }

    protected virtual void VisitTerm(Term t) => WalkTerm(t);

    /// <summary>A comprehension goes to <see cref="VisitComprehension"/>; any other term to its sub-terms.</summary>
    protected void WalkTerm(Term t)
    {
        switch (t)
        {
            case ArrayComprehension ac:
                VisitComprehension(ac.Head, null, ac.Body);
                return;
            case SetComprehension sc:
                VisitComprehension(sc.Head, null, sc.Body);
                return;
            case ObjectComprehension oc:
                VisitComprehension(oc.Key, oc.Value, oc.Body);
                return;
        }

        WalkChildren(t);
    }

    /// <param name="head">The head (the key of an object comprehension).</param>
    /// <param name="value">The value of an object comprehension; null for the others.</param>
    protected virtual void VisitComprehension(Term head, Term? value, Expr[] body)
    {
        VisitTerm(head);
        if (value is not null)
        {
            VisitTerm(value);
        }

        VisitBody(body);
    }

    /// <summary>The direct sub-terms (a call's arguments, not its operator), as <see cref="CheckSafety.Children"/>.</summary>
    protected void WalkChildren(Term t) => TermChildren.ForEach(t, this, static (self, c) => self.VisitTerm(c));
}
