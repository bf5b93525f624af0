using System.Globalization;
using Telephony.Sdp.Negotiation;
using Telephony.Sip.Dialogs;
using Telephony.Sip.Messages;

namespace Telephony.Calls.Screening;

/// <summary>The verdict on one captured message: valid or not, and what our UAS answers.</summary>
/// <param name="Valid">Whether the message is well-formed SIP that a UAS processes.</param>
/// <param name="Answer">The status code a UAS sends, or "drop".</param>
/// <param name="Reason">Why, in one line.</param>
public sealed record LintResult(bool Valid, string Answer, string Reason);

/// <summary>
/// Judges a message the way the running server would, for <c>telephony sip lint</c>: parse,
/// validate, then the UAS rules (Require, method, dialog, INVITE body and SDP). Assumes no
/// dialog or transaction exists, as for a message arriving out of the blue.
/// </summary>
public static class SipLinter
{
    private static readonly AnswerOptions LintAnswer = new() { LocalAddress = "192.0.2.1", LocalPort = 10000 };

    public static LintResult Lint(ReadOnlySpan<byte> datagram)
    {
        var parsed = SipParser.Parse(datagram, isStream: false);
        switch (parsed.Status)
        {
            case SipParseStatus.KeepAlive:
                return new LintResult(true, "drop", "CRLF keep-alive only");
            case SipParseStatus.Invalid:
                var answerable = parsed.Message is SipRequest { Method: not "ACK" } r && r.Headers.Get(HeaderNames.Via) is not null;
                return new LintResult(false, answerable ? Code(parsed.SuggestedStatus) : "drop", parsed.Error ?? "not SIP");
        }

        if (parsed.Message is SipResponse response)
        {
            return SipMessageValidator.Validate(response) is { } bad
                ? new LintResult(false, "drop", bad.Reason)
                : new LintResult(true, "drop", $"response {response.StatusCode} matches no client transaction");
        }

        var request = (SipRequest)parsed.Message!;
        if (SipMessageValidator.Validate(request) is { } error)
        {
            var answerable = request.Method != "ACK" && request.Headers.Get(HeaderNames.Via) is not null;
            return new LintResult(false, answerable ? Code(error.Status) : "drop", error.Reason);
        }

        return Decide(request);
    }

    private static LintResult Decide(SipRequest request)
    {
        if (request.Method == "ACK")
        {
            return new LintResult(true, "drop", "ACK matches no transaction or dialog");
        }

        if (UasPolicy.UnsupportedScheme(request))
        {
            return new LintResult(true, "416", "Request-URI scheme is not sip, sips or tel");
        }

        if (UasPolicy.UnsupportedRequirements(request) is { Count: > 0 } required)
        {
            return new LintResult(true, "420", "unsupported Require: " + string.Join(", ", required));
        }

        if (UasPolicy.MethodRefusal(request.Method) is { } refusal)
        {
            return new LintResult(true, Code(refusal), refusal == 405 ? $"{request.Method} is not served here" : $"unknown method {request.Method}");
        }

        switch (request.Method)
        {
            case "OPTIONS":
                return new LintResult(true, "200", "capabilities");
            case "BYE" or "INFO" or "CANCEL" or "UPDATE" or "NOTIFY":
                return new LintResult(true, "481", "no such dialog or transaction");
        }

        if (request.To?.Tag is not null)
        {
            return new LintResult(true, "481", "re-INVITE for a dialog that does not exist");
        }

        if (InviteScreening.Check(request, out var offer) is { } rejection)
        {
            return new LintResult(true, Code(rejection.Status), rejection.Reason);
        }

        if (offer is null)
        {
            return new LintResult(true, "200", "delayed offer: answered with our SDP offer, the caller answers in the ACK");
        }

        var negotiation = OfferAnswer.Answer(offer, LintAnswer);
        return negotiation.Success
            ? new LintResult(true, "200", $"call answered with {negotiation.Audio!.EncodingName}")
            : new LintResult(true, Code(negotiation.FailureStatus), negotiation.FailureReason!);
    }

    private static string Code(int status) => status.ToString(CultureInfo.InvariantCulture);
}
