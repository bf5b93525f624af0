using System.Buffers;
using Telephony.Sip.Messages;

namespace Telephony.Sip.Security;

/// <summary>Recognises requests from SIP scanners by their User-Agent (and the From display names they use).</summary>
/// <remarks>Answering a scanner confirms a live target; such requests are dropped silently and counted.</remarks>
public sealed class ScannerFilter
{
    // Every request is checked, against every needle: one multi-string search (vectorised) instead
    // of a case-insensitive Contains per needle, which was ~2% of the server's CPU at 1,000 calls/s.
    private readonly SearchValues<string>? _needles;

    public ScannerFilter(IReadOnlyList<string> userAgentSubstrings)
    {
        string[] needles = [.. userAgentSubstrings.Where(n => n.Length > 0)];
        _needles = needles.Length == 0 ? null : SearchValues.Create(needles, StringComparison.OrdinalIgnoreCase);
    }

    public bool IsScanner(SipRequest request)
    {
        if (_needles is null)
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

    private bool Matches(string value) => value.AsSpan().ContainsAny(_needles!);
}
