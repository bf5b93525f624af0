namespace Telephony.Dialplan.Expressions;

internal enum TokenKind
{
    End,
    Number,
    String,
    Identifier,
    LeftParen,
    RightParen,
    Comma,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Plus,
    Minus,
    Star,
    Slash,
}

/// <summary>One lexeme; <see cref="Value"/> holds the decoded string or number.</summary>
internal readonly record struct Token(TokenKind Kind, int Start, int Length, string Text, object? Value);
