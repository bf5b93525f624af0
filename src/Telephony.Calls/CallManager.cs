using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Telephony.Calls.Cdr;
using Telephony.Calls.Screening;
using Telephony.Media.Codecs;
using Telephony.Media.Rtp;
using Telephony.Sdp;
using Telephony.Sdp.Negotiation;
using Telephony.Sip.Dialogs;

namespace Telephony.Calls;

/// <summary>Turns incoming INVITEs into calls running a flow, and keeps track of them.</summary>
/// <remarks>
/// Runs on SIP receive threads: negotiates SDP, rents an RTP socket and starts the flow there,
/// which runs on until its first wait (for the demo flow: the 200 OK is sent, then it waits for
/// the ACK) and continues on the thread pool. Flows must therefore never block synchronously.
/// Starting inline saves a thread hand-off per call, measurable at a thousand calls a second. Every INVITE it is handed leaves exactly one CDR, including the ones
/// it rejects. Thread-safe.
/// </remarks>
public sealed class CallManager : ISipCallHandler, IAsyncDisposable
{
    private readonly CallServices _services;
    private readonly Func<ICall, Task> _flow;
    private readonly ConcurrentDictionary<Call, byte> _calls = new();
    private long _sessionVersion;
    private volatile bool _stopping;

    public CallManager(CallServices services, Func<ICall, Task> flow)
    {
        _services = services;
        _flow = flow;
    }

    public int ActiveCalls => _calls.Count;

    public void OnIncomingCall(IncomingCall incoming)
    {
        var startedAt = _services.Time.GetUtcNow();
        if (_stopping)
        {
            Reject(incoming, startedAt, 503, "shutting-down");
            return;
        }

        if (InviteScreening.Check(incoming.Invite, out var offer) is { } rejection)
        {
            _services.CallLog?.Invoke($"call {incoming.CallId}: refused {rejection.Status}: {rejection.Reason}");
            Reject(incoming, startedAt, rejection.Status, rejection.Cause, rejection.Headers);
            return;
        }

        var localAddress = incoming.LocalAddress;
        var rtp = BindRtp(localAddress, out var port);
        if (rtp is null)
        {
            Reject(incoming, startedAt, 503, "no-rtp-port");
            return;
        }

        var answerOptions = new AnswerOptions
        {
            LocalAddress = localAddress.ToString(),
            LocalPort = port,
            SessionId = startedAt.ToUnixTimeMilliseconds(),
            SessionVersion = Interlocked.Increment(ref _sessionVersion),
        };
        if (offer is null)
        {
            // Delayed offer: our 2xx carries the offer; the call reads the answer from the ACK.
            var ours = OfferBuilder.Offer(answerOptions);
            var lateCall = new Call(incoming, _services, null, Encoding.ASCII.GetBytes(ours.ToString()), rtp, startedAt, answerOptions);
            _calls[lateCall] = 0;
            _services.CallLog?.Invoke($"call {incoming.CallId}: from {incoming.From.Uri} to {incoming.To.Uri}, delayed offer, rtp port {port}");
            _ = RunAsync(lateCall);
            return;
        }

        var result = OfferAnswer.Answer(offer, answerOptions);
        if (!result.Success)
        {
            _ = ReleaseAsync(rtp);
            _services.Log?.Invoke($"call {incoming.CallId}: {result.FailureReason}");
            Reject(incoming, startedAt, result.FailureStatus, "no-common-codec");
            return;
        }

        var audio = result.Audio!;
        rtp.Configure(Call.RemoteMedia(audio), AudioEncodings.FromSdpName(audio.EncodingName),
            audio.PayloadType, audio.TelephoneEventPayloadType, audio.PtimeMs, incoming.Source.Remote.Address, audio.ComfortNoisePayloadType);
        var call = new Call(incoming, _services, audio, Encoding.ASCII.GetBytes(result.Answer!.ToString()), rtp, startedAt, answerOptions);
        _calls[call] = 0;
        _services.CallLog?.Invoke($"call {incoming.CallId}: from {incoming.From.Uri} to {incoming.To.Uri}, {audio.EncodingName}, rtp port {port} <-> {audio.RemoteAddress}:{audio.RemotePort}" +
                              (audio.TelephoneEventPayloadType is null ? ", DTMF by SIP INFO" : ", DTMF by RFC 4733"));
        _ = RunAsync(call);
    }

    /// <summary>A session on a pooled socket (bound once, kept between calls); null when no port is left.</summary>
    private RtpSession? BindRtp(IPAddress localAddress, out int port)
    {
        var family = localAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? System.Net.Sockets.AddressFamily.InterNetworkV6
            : System.Net.Sockets.AddressFamily.InterNetwork;
        if (_services.Sockets.Rent(family, _services.Log) is not { } socket)
        {
            port = 0;
            return null;
        }

        port = socket.Port;
        return new RtpSession(new RtpSessionOptions
        {
            LocalAddress = family == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any,
            LocalPort = port,
            RemoteEndPoint = new IPEndPoint(localAddress, 9),
            RtpTimeout = _services.RtpTimeoutSeconds > 0 ? TimeSpan.FromSeconds(_services.RtpTimeoutSeconds) : null,
        }, _services.Clock, socket);
    }

    private async Task ReleaseAsync(RtpSession rtp)
    {
        await rtp.DisposeAsync();
        _services.Sockets.Return(rtp.Socket);
    }

    private async Task RunAsync(Call call)
    {
        try
        {
            await _flow(call);
        }
        catch (CallEndedException)
        {
            // The caller hung up or cancelled mid-flow: the outcome is already recorded.
        }
        catch (OperationCanceledException) when (call.Ended.IsCancellationRequested)
        {
            // Same as above, surfacing from a cancelled wait.
        }
        catch (Exception e)
        {
            _services.Log?.Invoke($"call {call.CallId}: flow failed: {e}");
            await call.HangupAsync("flow-error");
        }
        finally
        {
            await call.DisposeAsync();
            _calls.TryRemove(call, out _);
        }
    }

    private void Reject(IncomingCall incoming, DateTimeOffset startedAt, int status, string cause, IReadOnlyList<Sip.Messages.SipHeader>? headers = null)
    {
        incoming.Reject(status, null, [.. headers ?? []]);
        _services.Cdrs.Write(new CallDetailRecord(
            incoming.CallId, incoming.From.Uri, incoming.To.Uri, startedAt, null, _services.Time.GetUtcNow(),
            CallEndedBy.Server, cause, status, string.Empty, null));
    }

    /// <summary>Stops taking calls, hangs up the ones in progress and waits for their records.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        await Task.WhenAll(_calls.Keys.Select(c => c.HangupAsync("shutdown")));
        var deadline = _services.Time.GetUtcNow() + TimeSpan.FromSeconds(10);
        while (!_calls.IsEmpty && _services.Time.GetUtcNow() < deadline)
        {
            await Task.Delay(20);
        }
    }
}
