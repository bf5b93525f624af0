using Telephony.Api.Dialplans;
using Telephony.Api.Metrics;
using Telephony.Calls.Cdr;
using Telephony.Calls.Control;
using Telephony.Calls.Events;

namespace Telephony.Api;

/// <summary>What the API drives and reports on: the server's services, through the interfaces their layers own.</summary>
/// <param name="Registry">The live call legs.</param>
/// <param name="Control">Originate, hang up, transfer.</param>
/// <param name="Events">The call event stream (SSE, and the call counters of /metrics).</param>
/// <param name="Cdrs">Stored call records (<c>GET /cdrs</c>, ended legs in <c>GET /calls/{id}</c>).</param>
/// <param name="Dialplans">The dialplan folder (<c>GET /dialplans</c>, <c>POST /dialplans/validate</c>).</param>
/// <param name="Metrics">Counters read at scrape time from SIP, media and security; null exports only what the API computes itself.</param>
/// <param name="Time">The clock of the SSE keep-alives; null for the system clock.</param>
public sealed record ApiServices(
    ICallRegistry Registry,
    ICallControl Control,
    ICallEventStream Events,
    ICdrSearch Cdrs,
    IDialplanCatalog Dialplans,
    ApiMetricSources? Metrics = null,
    TimeProvider? Time = null)
{
    /// <summary>The agents of the served queues (<c>/agents</c>); null when the server has none (those routes answer 404).</summary>
    public Telephony.Queues.Desk.IAgentDesk? Agents { get; init; }

    /// <summary>Stored speech turns (<c>transcripts</c> in <c>GET /calls/{id}</c>); null when the server stores none (the field is then an empty list).</summary>
    public Telephony.Calls.Speech.ITranscriptSearch? Transcripts { get; init; }

    /// <summary>The served queues' figures from storage (<c>/queues</c> and the queue gauges of /metrics); null when the server has none.</summary>
    public Telephony.Queues.Stats.IQueueStatistics? QueueStats { get; init; }
}
