using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Syntax;

/// <summary>
/// Terms and operators. Precedence, lowest first (as in OPA): <c>in</c>; relations
/// (<c>== != &lt; &lt;= &gt; &gt;=</c>); <c>|</c>; <c>&amp;</c>; <c>+ -</c>; <c>* / %</c>.
/// An operator on a new line ends the expression unless inside brackets or parentheses.
/// </summary>
internal sealed partial class Parser
{
    private Term ParseTermIn()
    {
        var lhs = ParseRelation();
        while (AtKeyword("in") && Continues())
        {
            var op = Advance();
            var rhs = ParseRelation();
            lhs = Call(op, "internal.member_2", lhs, rhs);
        }

        return lhs;
    }

    private bool Continues() => !Current.NewlineBefore || _nesting > 0;

    private Term ParseRelation()
    {
        var lhs = ParseOr();
        while (Continues())
        {
            var name = Current.Kind switch
            {
                TokenKind.Equal => "equal",
                TokenKind.NotEqual => "neq",
                TokenKind.Less => "lt",
                TokenKind.LessEqual => "lte",
                TokenKind.Greater => "gt",
                TokenKind.GreaterEqual => "gte",
                _ => null,
            };
            if (name is null)
            {
                break;
            }

            var op = Advance();
            lhs = Call(op, name, lhs, ParseOr());
        }

        return lhs;
    }

    private Term ParseOr()
    {
        var lhs = ParseAnd();
        while (At(TokenKind.Pipe) && !_pipeEndsTerm && Continues())
        {
            var op = Advance();
            lhs = Call(op, "or", lhs, ParseAnd());
        }

        return lhs;
    }

    private Term ParseAnd()
    {
        var lhs = ParseArith();
        while (At(TokenKind.Amp) && Continues())
        {
            var op = Advance();
            lhs = Call(op, "and", lhs, ParseArith());
        }

        return lhs;
    }

    private Term ParseArith()
    {
        var lhs = ParseFactor();
        while ((At(TokenKind.Plus) || At(TokenKind.Minus)) && Continues())
        {
            var op = Advance();
            lhs = Call(op, op.Kind == TokenKind.Plus ? "plus" : "minus", lhs, ParseFactor());
        }

        return lhs;
    }

    private Term ParseFactor()
    {
        var lhs = ParseUnary();
        while ((At(TokenKind.Star) || At(TokenKind.Slash) || At(TokenKind.Percent)) && Continues())
        {
            var op = Advance();
            var name = op.Kind switch { TokenKind.Star => "mul", TokenKind.Slash => "div", _ => "rem" };
            lhs = Call(op, name, lhs, ParseUnary());
        }

        return lhs;
    }

    private Term ParseUnary()
    {
        if (At(TokenKind.Minus) && PeekAt(1).Kind == TokenKind.Number && PeekAt(1).Location.Offset == Current.Location.Offset + 1)
        {
            var minus = Advance();
            var num = Advance();
            return ParsePostfixFrom(NumberTerm("-" + num.Text, minus));
        }

        return ParsePostfix();
    }

    private static CallTerm Call(Token op, string name, Term lhs, Term rhs) =>
        new(new VarTerm(name) { Location = op.Location }, name, [lhs, rhs]) { Location = lhs.Location };

    private Term NumberTerm(string text, Token at)
    {
        if (!RegoNumber.TryParse(text, out var n))
        {
            Fail(at, $"invalid number '{text}'");
        }
        else
        {
            NumberLiterals.Remember(n, text);
        }

        return new ScalarTerm(n) { Location = at.Location };
    }

    private Term ParsePostfix() => ParsePostfixFrom(ParsePrimary());

    private Term ParsePostfixFrom(Term term)
    {
        List<Term>? path = null;
        var head = term;
        while (!Current.NewlineBefore || _nesting > 0)
        {
            if (At(TokenKind.Dot))
            {
                Advance();
                var name = Current;
                if (name.Kind != TokenKind.Ident)
                {
                    Fail(name, $"unexpected {Describe(name)}, expected name after '.'");
                }

                Advance();
                (path ??= []).Add(Str(name.Text, name.Location));
            }
            else if (At(TokenKind.LBracket) && !Current.NewlineBefore)
            {
                Advance();
                var savedPipe = _pipeEndsTerm;
                _pipeEndsTerm = false;
                _nesting++;
                (path ??= []).Add(ParseTermIn());
                _nesting--;
                _pipeEndsTerm = savedPipe;
                Expect(TokenKind.RBracket, "']'");
            }
            else if (At(TokenKind.LParen) && !Current.NewlineBefore && IsCallable(head, path))
            {
                var name = CallName(head, path);
                var op = path is null ? head : new RefTerm(head, [.. path]) { Location = head.Location };
                Advance();
                var savedPipe = _pipeEndsTerm;
                _pipeEndsTerm = false;
                _nesting++;
                var args = new List<Term>();
                while (!At(TokenKind.RParen))
                {
                    args.Add(ParseTermIn());
                    if (!Accept(TokenKind.Comma))
                    {
                        break;
                    }
                }

                Expect(TokenKind.RParen, "')'");
                _nesting--;
                _pipeEndsTerm = savedPipe;
                head = name == "set" && args.Count == 0
                    ? new SetTerm([]) { Location = head.Location }
                    : new CallTerm(op, name, [.. args]) { Location = head.Location };
                path = null;
            }
            else
            {
                break;
            }
        }

        return path is null ? head : new RefTerm(head, [.. path]) { Location = head.Location };
    }

    private static bool IsCallable(Term head, List<Term>? path) =>
        head is VarTerm && (path is null || path.TrueForAll(p => p is ScalarTerm { Value: RegoString } || p is VarTerm));

    private static string CallName(Term head, List<Term>? path) =>
        path is null
            ? ((VarTerm)head).Name
            : ((VarTerm)head).Name + string.Concat(path.Select(p => p is ScalarTerm { Value: RegoString s } ? "." + s.Value : "[" + p + "]"));

    private Term ParsePrimary()
    {
        var t = Current;
        switch (t.Kind)
        {
            case TokenKind.Number:
                Advance();
                return NumberTerm(t.Text, t);
            case TokenKind.String:
            case TokenKind.RawString:
                Advance();
                return Str(t.Text, t.Location);
            case TokenKind.TemplateString:
                Advance();
                return ParseTemplate(t);
            case TokenKind.Ident:
                if (IsKeyword(t.Text) && t.Text is not ("if" or "contains") && PeekAt(1).Kind is not (TokenKind.Dot or TokenKind.LBracket))
                {
                    Fail(t, $"unexpected {Describe(t)}: expected term");
                }

                Advance();
                if (At(TokenKind.Dot) && !Current.NewlineBefore)
                {
                    // Keywords and literals are plain names inside references (`null.foo`, `true.x`).
                    return new VarTerm(t.Text) { Location = t.Location };
                }

                return t.Text switch
                {
                    "true" => new ScalarTerm(RegoBoolean.True) { Location = t.Location },
                    "false" => new ScalarTerm(RegoBoolean.False) { Location = t.Location },
                    "null" => new ScalarTerm(RegoNull.Instance) { Location = t.Location },
                    _ => new VarTerm(t.Text) { Location = t.Location },
                };
            case TokenKind.LParen:
            {
                Advance();
                var savedPipe = _pipeEndsTerm;
                _pipeEndsTerm = false;
                _nesting++;
                var inner = ParseTermIn();
                if (At(TokenKind.Comma))
                {
                    // `(key, value in collection)`.
                    Advance();
                    var value = ParseRelation();
                    if (!AtKeyword("in"))
                    {
                        Fail(Current, $"unexpected {Describe(Current)}, expected 'in'");
                    }

                    var inTok = Advance();
                    inner = new CallTerm(new VarTerm("internal.member_3") { Location = inTok.Location }, "internal.member_3", [inner, value, ParseRelation()]) { Location = inner.Location };
                    while (AtKeyword("in"))
                    {
                        var op = Advance();
                        inner = Call(op, "internal.member_2", inner, ParseRelation());
                    }
                }

                _nesting--;
                _pipeEndsTerm = savedPipe;
                Expect(TokenKind.RParen, "')'");
                return inner;
            }

            case TokenKind.LBracket:
                return ParseArrayLike();
            case TokenKind.LBrace:
                return ParseBraceLike();
            default:
                Fail(t, $"unexpected {Describe(t)}");
                return null!;
        }
    }

    private Term ParseArrayLike()
    {
        var open = Advance();
        var savedPipe = _pipeEndsTerm;
        _nesting++;
        try
        {
            if (Accept(TokenKind.RBracket))
            {
                return new ArrayTerm([]) { Location = open.Location };
            }

            _pipeEndsTerm = true;
            var first = ParseTermIn();
            _pipeEndsTerm = false;
            if (Accept(TokenKind.Pipe))
            {
                var body = ParseComprehensionBody(TokenKind.RBracket);
                return new ArrayComprehension(first, body) { Location = open.Location };
            }

            var items = new List<Term> { first };
            while (Accept(TokenKind.Comma))
            {
                if (At(TokenKind.RBracket))
                {
                    break;
                }

                items.Add(ParseTermIn());
            }

            Expect(TokenKind.RBracket, "']'");
            return new ArrayTerm([.. items]) { Location = open.Location };
        }
        finally
        {
            _nesting--;
            _pipeEndsTerm = savedPipe;
        }
    }

    private Term ParseBraceLike()
    {
        var open = Advance();
        var savedPipe = _pipeEndsTerm;
        _nesting++;
        try
        {
            if (Accept(TokenKind.RBrace))
            {
                return new ObjectTerm([]) { Location = open.Location };
            }

            _pipeEndsTerm = true;
            var first = ParseTermIn();
            if (Accept(TokenKind.Colon))
            {
                var value = ParseTermIn();
                _pipeEndsTerm = false;
                if (Accept(TokenKind.Pipe))
                {
                    var body = ParseComprehensionBody(TokenKind.RBrace);
                    return new ObjectComprehension(first, value, body) { Location = open.Location };
                }

                var entries = new List<KeyValuePair<Term, Term>> { new(first, value) };
                while (Accept(TokenKind.Comma))
                {
                    if (At(TokenKind.RBrace))
                    {
                        break;
                    }

                    var k = ParseTermIn();
                    Expect(TokenKind.Colon, "':'");
                    entries.Add(new(k, ParseTermIn()));
                }

                Expect(TokenKind.RBrace, "'}'");
                return new ObjectTerm([.. entries]) { Location = open.Location };
            }

            _pipeEndsTerm = false;
            if (Accept(TokenKind.Pipe))
            {
                var body = ParseComprehensionBody(TokenKind.RBrace);
                return new SetComprehension(first, body) { Location = open.Location };
            }

            var items = new List<Term> { first };
            while (Accept(TokenKind.Comma))
            {
                if (At(TokenKind.RBrace))
                {
                    break;
                }

                items.Add(ParseTermIn());
            }

            Expect(TokenKind.RBrace, "'}'");
            return new SetTerm([.. items]) { Location = open.Location };
        }
        finally
        {
            _nesting--;
            _pipeEndsTerm = savedPipe;
        }
    }

    private Expr[] ParseComprehensionBody(TokenKind end)
    {
        var saved = _nesting;
        _nesting = 0;
        var body = ParseBodyUntil(end);
        _nesting = saved;
        Expect(end, end == TokenKind.RBrace ? "'}'" : "']'");
        return body;
    }

    private Term ParseTemplate(Token t)
    {
        var parts = new List<object>();
        var text = t.Text;
        var literal = new System.Text.StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c != '{')
            {
                literal.Append(c switch { '\uE000' => '{', '\uE001' => '}', _ => c });
                i++;
                continue;
            }

            // Find the matching close brace, skipping nested strings and braces.
            var depth = 1;
            var j = i + 1;
            while (j < text.Length && depth > 0)
            {
                if (text[j] == '"')
                {
                    j++;
                    while (j < text.Length && text[j] != '"')
                    {
                        j += text[j] == '\\' ? 2 : 1;
                    }
                }
                else if (text[j] == '{')
                {
                    depth++;
                }
                else if (text[j] == '}')
                {
                    depth--;
                }

                j++;
            }

            if (depth != 0)
            {
                Fail(t, "unterminated template expression");
            }

            if (literal.Length > 0)
            {
                parts.Add(literal.ToString());
                literal.Clear();
            }

            var inner = new Parser(text[(i + 1)..(j - 1)], _file, _version);
            foreach (var k in _keywords)
            {
                inner._keywords.Add(k);
            }

            Term? term = null;
            try
            {
                term = inner.ParseTermIn();
                if (inner.Current.IsIdent("with"))
                {
                    term = CaptureWith(term, inner.ParseWith());
                }

                if (!inner.At(TokenKind.EndOfFile))
                {
                    inner.Fail(inner.Current, $"unexpected {Describe(inner.Current)} in template expression");
                }
            }
            catch (ParseAbortException)
            {
            }

            if (term is null)
            {
                foreach (var e in inner._errors)
                {
                    Error(t.Location, e.Message);
                }

                throw new ParseAbortException();
            }

            parts.Add(term);
            i = j;
        }

        if (literal.Length > 0)
        {
            parts.Add(literal.ToString());
        }

        return new TemplateTerm([.. parts]) { Location = t.Location };
    }

    /// <summary>
    /// <c>{expr with …}</c> inside a template: the modifiers apply to that expression only, so it becomes
    /// <c>[v | v = expr with …][0]</c> (undefined when expr is, as OPA's own rewrite to a comprehension).
    /// </summary>
    private static Term CaptureWith(Term term, WithModifier[] with)
    {
        var at = term.Location;
        var name = $"__localw{at.Line}_{at.Column}__";
        var eq = new CallTerm(new VarTerm("eq") { Location = at }, "eq", [new VarTerm(name) { Location = at }, term]) { Location = at };
        var capture = new ArrayComprehension(new VarTerm(name) { Location = at }, [new TermExpr(eq) { Location = at, With = with }]) { Location = at };
        return new RefTerm(capture, [new ScalarTerm(RegoNumber.From(0)) { Location = at }]) { Location = at };
    }
}
