namespace Telephony.Server.Commands.Api;

/// <summary>A call to the server's HTTP API went wrong; <see cref="ExitCode"/> says how (3: unreachable or refused credentials).</summary>
internal sealed class ApiException : Exception
{
    public ApiException()
    {
    }

    public ApiException(string message)
        : base(message)
    {
    }

    public ApiException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ApiException(int exitCode, string message, Exception? inner = null)
        : base(message, inner)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; } = 3;
}
