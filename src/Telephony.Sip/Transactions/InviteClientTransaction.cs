using System.Net;
using Telephony.Sip.Messages;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Transactions;

/// <summary>The INVITE client transaction of RFC 3261 §17.1.1 as amended by RFC 6026 §7.2.</summary>
/// <remarks>
/// Calling → (1xx) Proceeding → (2xx) Accepted → (Timer M) Terminated, or → (3xx–6xx, ACK sent
/// here) Completed → (Timer D) Terminated. Timer A retransmits over UDP (T1 doubling), Timer B
/// (64·T1) gives up. Every response is reported to <see cref="OnResponse"/>, including 2xx
/// retransmissions in Accepted, which the dialog answers with its ACK. Thread-safe.
/// </remarks>
public sealed class InviteClientTransaction
{
    private readonly TransactionContext _context;
    private readonly ISipSender _sender;
    private readonly IPEndPoint _destination;
    private readonly byte[] _bytes;
    private readonly Lock _sync = new();
    private State _state = State.Calling;
    private TimeSpan _aInterval;
    private TimerHandle? _timerA;
    private TimerHandle? _timerB;
    private byte[]? _ack;

    public InviteClientTransaction(TransactionContext context, string key, SipRequest invite, ISipSender sender, IPEndPoint destination, Action<SipResponse?> onResponse)
    {
        _context = context;
        Key = key;
        Request = invite;
        _sender = sender;
        _destination = destination;
        OnResponse = onResponse;
        _bytes = SipSerializer.Serialize(invite);
    }

    private enum State
    {
        Calling,
        Proceeding,
        Accepted,
        Completed,
        Terminated,
    }

    public string Key { get; }

    public SipRequest Request { get; }

    /// <summary>Receives each response; null once when the transaction times out or the transport fails (see <see cref="Failure"/>).</summary>
    public Action<SipResponse?> OnResponse { get; }

    /// <summary>Why <see cref="OnResponse"/> was given null; set before that call.</summary>
    public ClientFailure? Failure { get; private set; }

    /// <summary>True until a final response arrived (CANCEL is allowed only then, after a provisional).</summary>
    public bool IsProceeding
    {
        get
        {
            lock (_sync)
            {
                return _state == State.Proceeding;
            }
        }
    }

    internal void Start()
    {
        lock (_sync)
        {
            if (!_sender.IsReliable)
            {
                _aInterval = _context.Options.T1;
                _timerA = _context.Timers.Schedule(_aInterval, static s => ((InviteClientTransaction)s!).OnTimerA(), this);
            }

            _timerB = _context.Timers.Schedule(_context.Options.TransactionTimeout, static s => ((InviteClientTransaction)s!).OnTimerB(), this);
        }

        if (!_sender.TrySend(_bytes, _destination, out var error))
        {
            Fail(ClientFailure.SendFailed(error));
        }
    }

    internal void Receive(SipResponse response)
    {
        byte[]? ackToSend = null;
        var report = true;
        lock (_sync)
        {
            switch (_state)
            {
                case State.Calling or State.Proceeding when response.IsProvisional:
                    _state = State.Proceeding;
                    _timerA?.Cancel();
                    break;
                case State.Calling or State.Proceeding when response.IsSuccess:
                    // RFC 6026 §7.2: Accepted; Timer M = 64·T1 absorbs the 2xx retransmissions' transaction.
                    _state = State.Accepted;
                    _timerA?.Cancel();
                    _timerB?.Cancel();
                    _context.Timers.Schedule(_context.Options.TransactionTimeout, static s => ((InviteClientTransaction)s!).Finish(report: false), this);
                    break;
                case State.Calling or State.Proceeding:
                    // §17.1.1.3: the transaction itself ACKs a failure, then waits Timer D for retransmissions.
                    _state = State.Completed;
                    _timerA?.Cancel();
                    _timerB?.Cancel();
                    _ack = SipSerializer.Serialize(AckBuilder.ForFailure(Request, response));
                    ackToSend = _ack;
                    _context.Timers.Schedule(_sender.IsReliable ? TimeSpan.Zero : TimeSpan.FromSeconds(32), static s => ((InviteClientTransaction)s!).Finish(report: false), this);
                    break;
                case State.Accepted when response.IsSuccess:
                    break;
                case State.Completed when !response.IsProvisional:
                    ackToSend = _ack;
                    report = false;
                    break;
                default:
                    report = false;
                    break;
            }
        }

        if (ackToSend is not null)
        {
            _sender.Send(ackToSend, _destination);
        }

        if (report)
        {
            OnResponse(response);
        }
    }

    private void OnTimerA()
    {
        lock (_sync)
        {
            if (_state != State.Calling)
            {
                return;
            }

            _aInterval *= 2;
            _timerA = _context.Timers.Schedule(_aInterval, static s => ((InviteClientTransaction)s!).OnTimerA(), this);
        }

        _context.Stats.Retransmitted();
        _sender.Send(_bytes, _destination);
    }

    private void OnTimerB()
    {
        lock (_sync)
        {
            if (_state is not (State.Calling or State.Proceeding))
            {
                return;
            }
        }

        _context.Stats.ClientTimeout();
        Fail(ClientFailure.NoResponse(_context.Options.TransactionTimeout, _sender));
    }

    private void Fail(ClientFailure failure)
    {
        lock (_sync)
        {
            if (_state is not (State.Calling or State.Proceeding))
            {
                return;
            }

            Failure = failure;
        }

        Finish(report: true);
    }

    private void Finish(bool report)
    {
        lock (_sync)
        {
            if (_state == State.Terminated)
            {
                return;
            }

            _state = State.Terminated;
            _timerA?.Cancel();
            _timerB?.Cancel();
        }

        if (report)
        {
            OnResponse(null);
        }

        _context.OnTerminated(this);
    }
}
