namespace Telephony.Sip.Messages;

/// <summary>What a parse attempt produced.</summary>
public enum SipParseStatus
{
    /// <summary>A whole message was parsed (it may still fail <see cref="SipMessageValidator"/>).</summary>
    Complete,

    /// <summary>Stream transports: more bytes are needed before a message is complete.</summary>
    Incomplete,

    /// <summary>Only CRLF keep-alives were present (RFC 5626 §3.5.1); nothing to process.</summary>
    KeepAlive,

    /// <summary>The bytes are not a SIP message; <see cref="SipParseResult.Error"/> says why.</summary>
    Invalid,
}

/// <summary>The outcome of <see cref="SipParser.Parse"/>.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Message">The message; for <see cref="SipParseStatus.Invalid"/> the part parsed before the error, if the start line was readable, so a 4xx can still be built.</param>
/// <param name="Consumed">Bytes of input used up (stream transports discard them).</param>
/// <param name="Error">Why the input is invalid.</param>
/// <param name="SuggestedStatus">The response a UAS should send for an invalid request (400, 413, 505, 513).</param>
public readonly record struct SipParseResult(
    SipParseStatus Status, SipMessage? Message, int Consumed, string? Error = null, int SuggestedStatus = 400);

/// <summary>Limits that protect the parser from hostile input.</summary>
/// <param name="MaxMessageBytes">Largest whole message accepted (headers plus body).</param>
/// <param name="MaxHeaders">Most header lines accepted in one message.</param>
public sealed record SipParserLimits(int MaxMessageBytes = 16 * 1024, int MaxHeaders = 128)
{
    public static SipParserLimits Default { get; } = new();
}
