using Telephony.Calls.Cdr;
using Telephony.Calls.Prompts;
using Telephony.Media.Clock;
using Telephony.Media.Rtp;

namespace Telephony.Calls;

/// <summary>What every call uses and nothing call-specific: shared by all calls of a server.</summary>
public sealed record CallServices(
    PromptLibrary Prompts,
    MediaClock Clock,
    RtpPortPool Ports,
    ICdrSink Cdrs,
    TimeProvider Time,
    Action<string>? Log);
