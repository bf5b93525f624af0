namespace Telephony.Api.Auth;

/// <summary>A tokens file that cannot be used, with the file and line at fault in the message.</summary>
public sealed class TokensFileException : Exception
{
    public TokensFileException()
    {
    }

    public TokensFileException(string message)
        : base(message)
    {
    }

    public TokensFileException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
