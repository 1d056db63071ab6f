using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Syntax;

/// <summary>
/// Recursive-descent parser for Rego v0 and v1 modules and queries. Errors are collected (one per
/// statement, parsing resumes at the next line that starts at column 1), never thrown to the caller.
/// </summary>
internal sealed partial class Parser
{
    private const int MaxErrors = 10;

    private readonly List<Token> _tokens;
    private readonly List<(SourceLocation Location, string Text)> _comments;
    private readonly string _file;
    private readonly List<RegoError> _errors = [];
    private int _pos;
    private RegoVersion _version;
    private readonly HashSet<string> _keywords = new(StringComparer.Ordinal);

    // Inside brackets and parentheses newlines do not end an expression.
    private int _nesting;

    // While parsing the first term of an array/set/object literal a '|' starts a comprehension, not a union.
    private bool _pipeEndsTerm;

    private Parser(string source, string file, RegoVersion version)
    {
        _file = file;
        _version = version;
        var lexer = new Lexer(source, file);
        _tokens = lexer.Tokenize();
        _comments = lexer.Comments;
        if (version == RegoVersion.V1)
        {
            EnableAllKeywords();
        }
    }

    public IReadOnlyList<RegoError> Errors => _errors;

    /// <summary>Parses a module; returns null when there were errors (see <paramref name="errors"/>).</summary>
    public static Module? ParseModule(string source, string file, RegoVersion version, out IReadOnlyList<RegoError> errors)
    {
        var p = new Parser(source, file, version);
        var module = p.ParseModuleInternal();
        errors = p._errors;
        return p._errors.Count == 0 ? module : null;
    }

    /// <summary>Parses a query (a body of expressions).</summary>
    public static Expr[]? ParseQuery(string source, out IReadOnlyList<RegoError> errors, RegoVersion version = RegoVersion.V1, string file = "query")
    {
        var p = new Parser(source, file, version);
        Expr[]? body = null;
        try
        {
            body = p.ParseBodyUntil(TokenKind.EndOfFile);
            if (body.Length == 0)
            {
                p.Fail(p.Current, "empty query");
            }
        }
        catch (ParseAbortException)
        {
        }

        errors = p._errors;
        return p._errors.Count == 0 ? body : null;
    }

    /// <summary>Parses one term (used for <c>input_term</c> and tests).</summary>
    public static Term? ParseTerm(string source, out IReadOnlyList<RegoError> errors)
    {
        var p = new Parser(source, "term", RegoVersion.V1);
        Term? t = null;
        try
        {
            t = p.ParseTermIn();
            if (p.Current.Kind != TokenKind.EndOfFile)
            {
                p.Fail(p.Current, $"unexpected {Describe(p.Current)} after term");
            }
        }
        catch (ParseAbortException)
        {
        }

        errors = p._errors;
        return p._errors.Count == 0 ? t : null;
    }

    private void EnableAllKeywords()
    {
        foreach (var k in (string[])["if", "contains", "in", "every"])
        {
            _keywords.Add(k);
        }
    }

    private Token Current => _tokens[_pos];

    private Token PeekAt(int offset) => _tokens[Math.Min(_pos + offset, _tokens.Count - 1)];

    private Token Advance()
    {
        var t = _tokens[_pos];
        if (_pos < _tokens.Count - 1)
        {
            _pos++;
        }

        return t;
    }

    private bool At(TokenKind kind) => Current.Kind == kind;

    private bool AtKeyword(string keyword) => Current.Kind == TokenKind.Ident && Current.Text == keyword && IsKeyword(keyword);

    private bool IsKeyword(string word) => word switch
    {
        "if" or "contains" or "in" or "every" or "and" or "or" => _keywords.Contains(word),
        "package" or "import" or "as" or "default" or "else" or "not" or "with" or "some" => true,
        _ => false,
    };

    private bool Accept(TokenKind kind)
    {
        if (At(kind))
        {
            Advance();
            return true;
        }

        return false;
    }

    private Token Expect(TokenKind kind, string what)
    {
        if (!At(kind))
        {
            Fail(Current, $"unexpected {Describe(Current)}, expected {what}");
        }

        return Advance();
    }

    private static string Describe(Token t) => t.Kind switch
    {
        TokenKind.EndOfFile => "eof token",
        TokenKind.Ident => $"ident token '{t.Text}'",
        TokenKind.String or TokenKind.RawString => "string token",
        TokenKind.Number => "number token",
        TokenKind.Illegal => t.Text,
        _ => $"{t.Text} token",
    };

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void Fail(Token at, string message)
    {
        _errors.Add(new RegoError(RegoErrorCodes.ParseError, message, at.Location));
        throw new ParseAbortException();
    }

    private void Error(SourceLocation at, string message) =>
        _errors.Add(new RegoError(RegoErrorCodes.ParseError, message, at));

    private static ScalarTerm Str(string s, SourceLocation loc) => new(RegoString.From(s)) { Location = loc };

    private sealed class ParseAbortException : Exception;
}
