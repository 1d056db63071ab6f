using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Syntax;

internal sealed partial class Parser
{
    private Module? ParseModuleInternal()
    {
        string[] package = [];
        SourceLocation pkgLoc = default;
        var imports = new List<Import>();
        var rules = new List<Rule>();
        try
        {
            if (!Current.IsIdent("package"))
            {
                Fail(Current, "package expected");
            }

            pkgLoc = Advance().Location;
            package = ParsePackagePath();
        }
        catch (ParseAbortException)
        {
            return null;
        }

        while (!At(TokenKind.EndOfFile) && _errors.Count < MaxErrors)
        {
            try
            {
                if (Current.IsIdent("import") && PeekAt(1).Kind != TokenKind.Dot && PeekAt(1).Kind != TokenKind.LBracket)
                {
                    imports.Add(ParseImport());
                }
                else
                {
                    rules.AddRange(ParseRules());
                }
            }
            catch (ParseAbortException)
            {
                SkipToNextStatement();
            }
        }

        var module = new Module { File = _file, Package = package, Imports = imports, Rules = rules, Version = _version, Location = pkgLoc };
        Annotations.Attach(_comments, module);
        foreach (var r in rules)
        {
            for (var x = r; x is not null; x = x.Else)
            {
                x.Module = module;
            }
        }

        return module;
    }

    private void SkipToNextStatement()
    {
        Advance();
        while (!At(TokenKind.EndOfFile) && !(Current.NewlineBefore && Current.Location.Column == 1 && Current.Kind == TokenKind.Ident))
        {
            Advance();
        }
    }

    private string[] ParsePackagePath()
    {
        var first = Expect(TokenKind.Ident, "package name");
        var parts = new List<string> { first.Text };
        while (!Current.NewlineBefore && (At(TokenKind.Dot) || At(TokenKind.LBracket)))
        {
            if (Accept(TokenKind.Dot))
            {
                parts.Add(Expect(TokenKind.Ident, "name after '.'").Text);
            }
            else
            {
                Advance();
                var s = Current;
                if (s.Kind is not (TokenKind.String or TokenKind.RawString))
                {
                    Fail(s, "package path elements must be strings");
                }

                Advance();
                parts.Add(s.Text);
                Expect(TokenKind.RBracket, "']'");
            }
        }

        return [.. parts];
    }

    private Import ParseImport()
    {
        var loc = Advance().Location;
        var head = Expect(TokenKind.Ident, "import path");
        var path = new List<Term>();
        while (!Current.NewlineBefore && (At(TokenKind.Dot) || At(TokenKind.LBracket)))
        {
            if (Accept(TokenKind.Dot))
            {
                var t = Expect(TokenKind.Ident, "name after '.'");
                path.Add(Str(t.Text, t.Location));
            }
            else
            {
                Advance();
                var s = Advance();
                if (s.Kind is not (TokenKind.String or TokenKind.RawString))
                {
                    Fail(s, "import path elements must be strings");
                }

                path.Add(Str(s.Text, s.Location));
                Expect(TokenKind.RBracket, "']'");
            }
        }

        string? alias = null;
        if (!Current.NewlineBefore && Current.IsIdent("as"))
        {
            Advance();
            alias = Expect(TokenKind.Ident, "import alias").Text;
        }

        var root = head.Text;
        if (root is not ("data" or "input" or "future" or "rego"))
        {
            Fail(head, $"unexpected import path, must begin with one of: {{data, future, input, rego}}, got: {root}");
        }

        var names = path.Select(p => ((RegoString)((ScalarTerm)p).Value).Value).ToArray();
        if (root == "future")
        {
            if (names.Length == 0 || names[0] != "keywords")
            {
                Fail(head, "invalid import, must be `future.keywords`");
            }

            if (names.Length == 1)
            {
                EnableAllKeywords();
            }
            else
            {
                _keywords.Add(names[1]);
                if (names[1] == "every")
                {
                    // `every x in xs` needs `in`, so importing `every` brings it (as in OPA).
                    _keywords.Add("in");
                }
            }
        }
        else if (root == "rego")
        {
            if (names.Length != 1 || names[0] != "v1")
            {
                Fail(head, "invalid import, must be `rego.v1`");
            }

            EnableAllKeywords();
            _version = RegoVersion.V1;
        }

        return new Import(new RefTerm(new VarTerm(root) { Location = head.Location }, [.. path]) { Location = head.Location }, alias, loc);
    }
}
