namespace Mandate.Rego.Syntax;

internal enum TokenKind : byte
{
    EndOfFile,
    Ident,
    String,
    RawString,
    TemplateString,
    Number,
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    LParen,
    RParen,
    Dot,
    Comma,
    Semicolon,
    Colon,
    Unify,
    Assign,
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Amp,
    Pipe,
    Illegal,
}

/// <summary>
/// One token. <see cref="NewlineBefore"/> records a line break between this token and the previous one,
/// because Rego separates body expressions by newlines as well as semicolons.
/// </summary>
internal readonly record struct Token(TokenKind Kind, string Text, SourceLocation Location, bool NewlineBefore)
{
    public bool IsIdent(string text) => Kind == TokenKind.Ident && Text == text;
}
