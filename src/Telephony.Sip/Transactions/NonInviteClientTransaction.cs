using System.Net;
using Telephony.Sip.Messages;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Transactions;

/// <summary>The non-INVITE client transaction of RFC 3261 §17.1.2 (our BYE, later OPTIONS/REFER/NOTIFY).</summary>
/// <remarks>
/// Trying → (1xx) Proceeding → (final) Completed → (Timer K) Terminated; Timer E retransmits over
/// UDP (T1 doubling to T2; T2 once Proceeding), Timer F (64·T1) gives up with no response.
/// <see cref="Completion"/> yields the final response, or null on timeout or transport failure
/// (then <see cref="Failure"/> says which). Thread-safe.
/// </remarks>
public sealed class NonInviteClientTransaction
{
    private readonly TransactionContext _context;
    private readonly ISipSender _sender;
    private readonly IPEndPoint _destination;
    private readonly byte[] _bytes;
    private readonly TaskCompletionSource<SipResponse?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _sync = new();
    private State _state = State.Trying;
    private TimeSpan _eInterval;
    private TimerHandle? _timerE;
    private TimerHandle? _timerF;

    public NonInviteClientTransaction(TransactionContext context, string key, SipRequest request, ISipSender sender, IPEndPoint destination)
    {
        _context = context;
        Key = key;
        Request = request;
        _sender = sender;
        _destination = destination;
        _bytes = SipSerializer.Serialize(request);
    }

    private enum State
    {
        Trying,
        Proceeding,
        Completed,
        Terminated,
    }

    public string Key { get; }

    public SipRequest Request { get; }

    public Task<SipResponse?> Completion => _completion.Task;

    /// <summary>Why <see cref="Completion"/> yielded null; set before it completes.</summary>
    public ClientFailure? Failure { get; private set; }

    internal void Start()
    {
        lock (_sync)
        {
            if (!_sender.IsReliable)
            {
                _eInterval = _context.Options.T1;
                _timerE = _context.Timers.Schedule(_eInterval, static s => ((NonInviteClientTransaction)s!).OnTimerE(), this);
            }

            _timerF = _context.Timers.Schedule(_context.Options.TransactionTimeout, static s => ((NonInviteClientTransaction)s!).OnTimerF(), this);
        }

        if (!_sender.TrySend(_bytes, _destination, out var error))
        {
            // §17.1.4: a transport error ends the transaction at once.
            Fail(ClientFailure.SendFailed(error));
        }
    }

    internal void OnResponse(SipResponse response)
    {
        lock (_sync)
        {
            if (_state is State.Completed or State.Terminated)
            {
                return;
            }

            if (response.IsProvisional)
            {
                _state = State.Proceeding;
                return;
            }

            _state = State.Completed;
            _timerE?.Cancel();
            _timerF?.Cancel();
            _context.Timers.Schedule(_sender.IsReliable ? TimeSpan.Zero : _context.Options.T4, static s => ((NonInviteClientTransaction)s!).Finish(null), this);
        }

        _completion.TrySetResult(response);
    }

    private void OnTimerE()
    {
        lock (_sync)
        {
            if (_state is not (State.Trying or State.Proceeding))
            {
                return;
            }

            _eInterval = _state == State.Proceeding ? _context.Options.T2 : _context.Options.Backoff(_eInterval);
            _timerE = _context.Timers.Schedule(_eInterval, static s => ((NonInviteClientTransaction)s!).OnTimerE(), this);
        }

        _context.Stats.Retransmitted();
        _sender.Send(_bytes, _destination);
    }

    private void OnTimerF()
    {
        lock (_sync)
        {
            if (_state is State.Completed or State.Terminated)
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
            if (_state is State.Completed or State.Terminated)
            {
                return;
            }

            Failure = failure;
        }

        Finish(null);
    }

    private void Finish(SipResponse? response)
    {
        lock (_sync)
        {
            if (_state == State.Terminated)
            {
                return;
            }

            _state = State.Terminated;
            _timerE?.Cancel();
            _timerF?.Cancel();
        }

        _completion.TrySetResult(response);
        _context.OnTerminated(this);
    }
}
