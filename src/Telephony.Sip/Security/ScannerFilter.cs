using Telephony.Sip.Messages;

namespace Telephony.Sip.Security;

/// <summary>Recognises requests from SIP scanners by their User-Agent (and the From display names they use).</summary>
/// <remarks>Answering a scanner confirms a live target; such requests are dropped silently and counted.</remarks>
public sealed class ScannerFilter
{
    private readonly IReadOnlyList<string> _needles;

    public ScannerFilter(IReadOnlyList<string> userAgentSubstrings) => _needles = userAgentSubstrings;

    public bool IsScanner(SipRequest request)
    {
        if (_needles.Count == 0)
        {
            return false;
        }

        var agent = request.Headers.Get(HeaderNames.UserAgent);
        if (agent is not null && Matches(agent))
        {
            return true;
        }

        // sipvicious and friends also announce themselves in From's display name.
        var from = request.Headers.Get(HeaderNames.From);
        return from is not null && Matches(from);
    }

    private bool Matches(string value)
    {
        foreach (var needle in _needles)
        {
            if (value.Contains(needle, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
