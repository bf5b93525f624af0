using System.Globalization;
using Telephony.Calls;

namespace Telephony.Queues.Serving;

/// <summary>
/// What an agent's phone is told about the caller it is offered, as headers on the offer's
/// INVITE (bridge delivery): the queue, the caller's number, the seconds waited, our Call-ID of
/// the caller's leg, and the call in our HTTP API (<c>Call-Info: &lt;URL&gt;;purpose=info</c>,
/// RFC 3261 §20.9) when the server has one. A softphone or CRM can pop the caller from these.
/// </summary>
internal static class OfferContext
{
    public const string Queue = "X-Telephony-Queue";
    public const string Caller = "X-Telephony-Caller";
    public const string Wait = "X-Telephony-Wait";
    public const string CallId = "X-Telephony-Call-Id";

    /// <param name="api">The HTTP API's base address (ends with '/'); null when the server has none.</param>
    public static IReadOnlyList<KeyValuePair<string, string>> Headers(ICall caller, string queue, TimeSpan waited, Uri? api)
    {
        var headers = new List<KeyValuePair<string, string>>(5)
        {
            new(Queue, queue),
            new(Caller, Number(caller.From)),
            new(Wait, ((long)Math.Max(0, waited.TotalSeconds)).ToString(CultureInfo.InvariantCulture)),
            new(CallId, caller.CallId),
        };
        if (api is not null)
        {
            headers.Add(new("Call-Info", $"<{new Uri(api, "calls/" + Uri.EscapeDataString(caller.CallId))}>;purpose=info"));
        }

        return headers;
    }

    /// <summary>The user part of the caller's URI (sip:+15551234567@host → +15551234567), the URI itself when it has none.</summary>
    public static string Number(string from)
    {
        var text = from.Trim().Trim('<', '>');
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && text[..colon].ToLowerInvariant() is "sip" or "sips" or "tel")
        {
            text = text[(colon + 1)..];
        }

        var end = text.IndexOfAny(['@', ';', '>']);
        var number = end >= 0 ? text[..end] : text;

        // A header value never carries a line break, whatever the caller put in its From.
        return new string([.. number.Where(c => !char.IsControl(c))]);
    }
}
