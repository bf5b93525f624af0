using System.Globalization;
using System.Text;
using Telephony.Calls.Events;

namespace Telephony.Calls;

/// <summary>Digits from the far end: RFC 4733 and in-band (from the media), SIP INFO (from the dialog); gathered for the flow and the CDR.</summary>
public sealed partial class Call
{
    public async Task<string> GatherDigitsAsync(GatherOptions options)
    {
        var collected = new StringBuilder();
        var timeout = options.FirstDigitTimeout;
        while (collected.Length < options.MaxDigits)
        {
            ThrowIfEnded();
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(_ended.Token, _outcome.Decided);
            wait.CancelAfter(timeout);
            char digit;
            try
            {
                digit = (await _rtp.Digits.ReadAsync(wait.Token)).Digit;
            }
            catch (OperationCanceledException)
            {
                ThrowIfEnded();
                break;
            }

            Publish(CallEventType.Dtmf, CallEventData.Of("digit", digit.ToString(CultureInfo.InvariantCulture)));
            if (digit == options.Terminator)
            {
                break;
            }

            collected.Append(digit);
            timeout = options.InterDigitTimeout;
        }

        lock (_digits)
        {
            _digits.Append(collected);
        }

        return collected.ToString();
    }

    /// <summary>SIP INFO in the dialog: DTMF relay joins the RFC 4733 digits; other bodies get 415.</summary>
    private int OnInfo(Sip.Messages.SipRequest request)
    {
        if (request.Body.IsEmpty)
        {
            return 200; // An empty INFO is a keep-alive probe some devices send.
        }

        if (!Dtmf.SipInfoDtmf.IsDtmf(request.ContentType))
        {
            return 415;
        }

        if (!Dtmf.SipInfoDtmf.TryParse(request.ContentType, request.Body.Span, out var digit, out var durationMs))
        {
            return 400;
        }

        _rtp.AddSignalledDigit(new Media.Dtmf.DtmfDigit(digit, 10, (ushort)Math.Clamp(durationMs * 8, 0, ushort.MaxValue), End: true));
        return 200;
    }
}
