using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Syntax;

internal sealed partial class Parser
{
    /// <summary>Parses one rule statement (with its else chain); v0 multi-body rules yield several rules.</summary>
    private List<Rule> ParseRules()
    {
        var start = Current;
        var isDefault = false;
        if (Current.IsIdent("default") && PeekAt(1).Kind is not (TokenKind.Dot or TokenKind.LBracket))
        {
            isDefault = true;
            Advance();
        }

        var headRef = ParseHeadRef();
        Term[]? args = null;
        if (At(TokenKind.LParen) && !Current.NewlineBefore)
        {
            Advance();
            _nesting++;
            var list = new List<Term>();
            while (!At(TokenKind.RParen))
            {
                list.Add(ParseTermIn());
                if (!Accept(TokenKind.Comma))
                {
                    break;
                }
            }

            Expect(TokenKind.RParen, "')'");
            _nesting--;
            args = [.. list];
        }

        var argBindings = BindTemplateArgs(args);

        Term? key = null;
        if (AtKeyword("contains"))
        {
            Advance();
            key = ParseTermIn();
        }

        Term? value = null;
        var isAssign = false;
        if (At(TokenKind.Unify) || At(TokenKind.Assign))
        {
            isAssign = Advance().Kind == TokenKind.Assign;
            value = ParseTermIn();
        }

        // Rego v0: `p[x] { … }` without a value is a partial set rule.
        if (_version == RegoVersion.V0 && key is null && value is null && args is null && headRef.Length == 2 && !isDefault)
        {
            key = headRef[1];
            headRef = [headRef[0]];
        }

        if (isDefault && value is null)
        {
            Fail(Current, "default rules must have a value assigned");
        }

        var (body, hasBody) = isDefault ? ([], false) : ParseOptionalBody();
        var rule = new Rule
        {
            Location = start.Location,
            HeadRef = headRef,
            Args = args,
            Key = key,
            Value = value,
            IsDefault = isDefault,
            IsAssign = isAssign,
            Body = body,
            HasBody = hasBody,
        };
        var rules = new List<Rule> { rule };

        // v0: additional bodies `p { a } { b }` define more rules with the same head.
        while (At(TokenKind.LBrace) && _version == RegoVersion.V0 && hasBody)
        {
            var extra = ParseBraceBody();
            rules.Add(new Rule { Location = Current.Location, HeadRef = headRef, Args = args, Key = key, Value = value, IsAssign = isAssign, Body = extra, HasBody = true });
        }

        var last = rule;
        while (Current.IsIdent("else") && PeekAt(1).Kind is not (TokenKind.Dot or TokenKind.LBracket))
        {
            var elseTok = Advance();
            Term? elseValue = null;
            if (At(TokenKind.Unify) || At(TokenKind.Assign))
            {
                Advance();
                elseValue = ParseTermIn();
            }

            var (elseBody, elseHasBody) = ParseOptionalBody();
            var next = new Rule
            {
                Location = elseTok.Location,
                HeadRef = headRef,
                Args = args,
                Value = elseValue,
                IsAssign = isAssign,
                Body = elseBody,
                HasBody = elseHasBody,
            };
            last.Else = next;
            last = next;
        }

        if (argBindings.Length > 0)
        {
            foreach (var r in rules.SelectMany(r => Chain(r)))
            {
                r.Body = [.. r.Body, .. argBindings];
            }
        }

        return rules;
    }

    private static IEnumerable<Rule> Chain(Rule r)
    {
        for (var x = r; x is not null; x = x.Else)
        {
            yield return x;
        }
    }

    /// <summary>
    /// A template string as a function argument (<c>f($"{x} y") := …</c>) is built from body variables,
    /// so, as OPA does, it becomes a fresh argument variable unified with the template at the end of the
    /// body (safety ordering moves it after what binds the template's variables).
    /// </summary>
    private static Expr[] BindTemplateArgs(Term[]? args)
    {
        if (args is null || !args.Any(a => a is TemplateTerm))
        {
            return [];
        }

        var bindings = new List<Expr>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is TemplateTerm t)
            {
                var v = new VarTerm($"__localt{t.Location.Line}_{t.Location.Column}__") { Location = t.Location };
                args[i] = v;
                var eq = new CallTerm(new VarTerm("eq") { Location = t.Location }, "eq", [new VarTerm(v.Name) { Location = t.Location }, t]) { Location = t.Location };
                bindings.Add(new TermExpr(eq) { Location = t.Location });
            }
        }

        return [.. bindings];
    }

    private (Expr[] Body, bool HasBody) ParseOptionalBody()
    {
        if (AtKeyword("if") && PeekAt(1).Kind is not (TokenKind.Dot or TokenKind.LBracket))
        {
            Advance();
            if (At(TokenKind.LBrace) && TryParse(ParseBraceBody, out var braced))
            {
                return (braced!, true);
            }

            var saved = _nesting;
            _nesting = 0;
            var expr = ParseLiteral();
            _nesting = saved;
            return ([expr], true);
        }

        if (At(TokenKind.LBrace) && !Current.NewlineBefore)
        {
            return (ParseBraceBody(), true);
        }

        if (At(TokenKind.LBrace) && Current.NewlineBefore)
        {
            return (ParseBraceBody(), true);
        }

        return ([], false);
    }

    private Expr[] ParseBraceBody()
    {
        Expect(TokenKind.LBrace, "'{'");
        var saved = _nesting;
        _nesting = 0;
        var body = ParseBodyUntil(TokenKind.RBrace);
        _nesting = saved;
        Expect(TokenKind.RBrace, "'}'");
        return body;
    }

    private Term[] ParseHeadRef()
    {
        var name = Current;
        if (name.Kind != TokenKind.Ident)
        {
            Fail(name, $"unexpected {Describe(name)}, expected rule head");
        }

        Advance();
        var parts = new List<Term> { new VarTerm(name.Text) { Location = name.Location } };
        while (!Current.NewlineBefore && (At(TokenKind.Dot) || At(TokenKind.LBracket)))
        {
            if (Accept(TokenKind.Dot))
            {
                var t = Expect(TokenKind.Ident, "name after '.'");
                parts.Add(Str(t.Text, t.Location));
            }
            else
            {
                Advance();
                _nesting++;
                parts.Add(ParseTermIn());
                _nesting--;
                Expect(TokenKind.RBracket, "']'");
            }
        }

        return [.. parts];
    }

    /// <summary>Parses expressions separated by ';' or newlines up to (not including) <paramref name="end"/>.</summary>
    private Expr[] ParseBodyUntil(TokenKind end)
    {
        var body = new List<Expr>();
        while (true)
        {
            while (Accept(TokenKind.Semicolon))
            {
            }

            if (At(end) || At(TokenKind.EndOfFile))
            {
                break;
            }

            body.Add(ParseLiteral());
            if (At(end))
            {
                break;
            }

            if (Accept(TokenKind.Semicolon) || Current.NewlineBefore)
            {
                continue;
            }

            Fail(Current, $"unexpected {Describe(Current)}");
        }

        return [.. body];
    }

    private Expr ParseLiteral() => ParseLogicOr();

    private bool LogicEnabled => _keywords.Contains("and") || _keywords.Contains("or");

    private Expr ParseLogicOr()
    {
        var left = ParseLogicAnd();
        while (AtKeyword("or"))
        {
            Advance();
            var right = ParseLogicAnd();
            left = new LogicExpr("or", [left], [right]) { Location = left.Location };
        }

        return left;
    }

    private Expr ParseLogicAnd()
    {
        var left = ParseLogicUnit();
        while (AtKeyword("and"))
        {
            Advance();
            var right = ParseLogicUnit();
            left = new LogicExpr("and", [left], [right]) { Location = left.Location };
        }

        return left;
    }

    /// <summary>An operand: an explicit body <c>{ … }</c>, a parenthesized logic expression, or a plain literal.</summary>
    private Expr ParseLogicUnit()
    {
        var loc = Current.Location;
        var negated = Current.IsIdent("not") && PeekAt(1).Kind is TokenKind.LBrace or TokenKind.LParen;
        var start = _pos;
        if (negated)
        {
            Advance();
        }

        if (At(TokenKind.LBrace) && (negated || LogicEnabled) && TryParse(ParseBraceBody, out var body))
        {
            return new LogicExpr("body", body!, []) { Location = loc, Negated = negated };
        }

        if (At(TokenKind.LParen) && LogicEnabled && TryParse(() =>
            {
                Advance();
                var inner = ParseLogicOr();
                Expect(TokenKind.RParen, "')'");

                // A group is a logic operand when it holds one or is itself followed by and/or.
                return inner is LogicExpr || AtKeyword("and") || AtKeyword("or") ? inner : throw new ParseAbortException();
            }, out var grouped))
        {
            return negated || grouped is not LogicExpr ? new LogicExpr("body", [grouped!], []) { Location = loc, Negated = negated } : grouped!;
        }

        _pos = start;
        return ParsePlainLiteral();
    }

    /// <summary>Tries an alternative; on failure restores the position and drops its errors.</summary>
    private bool TryParse<T>(Func<T> parse, out T? result)
    {
        var pos = _pos;
        var errors = _errors.Count;
        var nesting = _nesting;
        try
        {
            result = parse();
            return true;
        }
        catch (ParseAbortException)
        {
            _pos = pos;
            _nesting = nesting;
            _errors.RemoveRange(errors, _errors.Count - errors);
            result = default;
            return false;
        }
    }

    private Expr ParsePlainLiteral()
    {
        var loc = Current.Location;
        var negated = false;
        if (Current.IsIdent("not") && PeekAt(1).Kind is not (TokenKind.Dot or TokenKind.LBracket or TokenKind.LParen))
        {
            negated = true;
            Advance();
        }

        Expr expr;
        if (Current.IsIdent("some") && PeekAt(1).Kind is not (TokenKind.Dot or TokenKind.LBracket or TokenKind.Unify or TokenKind.Assign))
        {
            expr = ParseSome(loc, negated);
        }
        else if (AtKeyword("every") && PeekAt(1).Kind is not (TokenKind.Dot or TokenKind.LBracket))
        {
            expr = ParseEvery(loc, negated);
        }
        else
        {
            var lhs = ParseTermIn();
            if (At(TokenKind.Comma) && _nesting == 0)
            {
                lhs = ParseKeyValueMembership(lhs);
            }

            if (At(TokenKind.Unify) || At(TokenKind.Assign))
            {
                var op = Advance();
                var rhs = ParseTermIn();
                if (At(TokenKind.Comma) && _nesting == 0)
                {
                    rhs = ParseKeyValueMembership(rhs);
                }

                var name = op.Kind == TokenKind.Assign ? "assign" : "eq";
                lhs = new CallTerm(new VarTerm(name) { Location = op.Location }, name, [lhs, rhs]) { Location = lhs.Location };
            }

            expr = new TermExpr(lhs) { Location = loc, Negated = negated, With = ParseWith() };
        }

        return expr;
    }

    /// <summary>`key, value in collection` (the comma is current); further `in`s apply to its result.</summary>
    private Term ParseKeyValueMembership(Term key)
    {
        Advance();
        var value = ParseRelation();
        if (!AtKeyword("in"))
        {
            Fail(Current, $"unexpected {Describe(Current)}, expected 'in'");
        }

        var inTok = Advance();
        var coll = ParseRelation();
        Term result = new CallTerm(new VarTerm("internal.member_3") { Location = inTok.Location }, "internal.member_3", [key, value, coll]) { Location = key.Location };
        while (AtKeyword("in") && Continues())
        {
            var op = Advance();
            result = Call(op, "internal.member_2", result, ParseRelation());
        }

        return result;
    }

    private WithModifier[] ParseWith()
    {
        List<WithModifier>? list = null;
        while (Current.IsIdent("with") && PeekAt(1).Kind is not (TokenKind.Dot or TokenKind.LBracket))
        {
            var loc = Advance().Location;
            var target = ParsePostfix();
            if (!Current.IsIdent("as"))
            {
                Fail(Current, $"unexpected {Describe(Current)}, expected 'as'");
            }

            Advance();
            var value = ParseTermIn();
            (list ??= []).Add(new WithModifier(target, value, loc));
        }

        return list is null ? [] : [.. list];
    }

    private Expr ParseSome(SourceLocation loc, bool negated)
    {
        Advance();
        var terms = new List<Term> { ParseRelation() };
        while (Accept(TokenKind.Comma))
        {
            terms.Add(ParseRelation());
        }

        if (Current.IsIdent("in"))
        {
            Advance();
            var coll = ParseRelation();
            if (terms.Count > 2)
            {
                Fail(Current, "some … in takes at most a key and a value");
            }

            return new SomeInExpr(terms.Count == 2 ? terms[0] : null, terms[^1], coll) { Location = loc, Negated = negated, With = ParseWith() };
        }

        var vars = new List<VarTerm>();
        foreach (var t in terms)
        {
            if (t is not VarTerm v)
            {
                Fail(Current, "expected var in some declaration");
                return null!;
            }

            vars.Add(v);
        }

        return new SomeDeclExpr([.. vars]) { Location = loc, Negated = negated };
    }

    private Expr ParseEvery(SourceLocation loc, bool negated)
    {
        Advance();
        var first = ParseRelation();
        Term? key = null;
        var value = first;
        if (Accept(TokenKind.Comma))
        {
            key = first;
            value = ParseRelation();
        }

        if (!Current.IsIdent("in"))
        {
            Fail(Current, $"unexpected {Describe(Current)}, expected 'in'");
        }

        Advance();
        var domain = ParseRelation();
        var body = ParseBraceBody();
        return new EveryExpr(key, value, domain, body) { Location = loc, Negated = negated, With = ParseWith() };
    }

    private static bool IsString(Term t) => t is ScalarTerm { Value: RegoString };
}
