using System.Globalization;
using Telephony.Sip.Auth;
using Telephony.Sip.Dialogs;
using Telephony.Sip.Headers;
using Telephony.Sip.Messages;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Registration;

/// <summary>
/// Keeps one registration with a trunk's registrar alive: REGISTER with digest authentication,
/// refresh before the granted expiry, 423 Interval Too Brief honoured, failover across the
/// registrar's addresses (RFC 3263 §4.3: on 503, 408 or a transport error the next one is tried),
/// back-off retries when all fail, and an unregister (Expires: 0) when stopped.
/// </summary>
/// <remarks>
/// One async loop per trunk; trunks are few, so a loop each costs nothing that matters.
/// Refreshes keep the Call-ID and raise the CSeq (§10.2.4). A digest challenge is cached and
/// answered pre-emptively on refresh with a rising nonce count, saving a round trip.
/// Thread-safe; the properties may be read from any thread.
/// </remarks>
public sealed class TrunkRegistration : IAsyncDisposable
{
    private readonly SipStack _stack;
    private readonly TrunkRegistrationOptions _options;
    private readonly string _callId = SipIds.NewCallId();
    private readonly string _fromTag = SipIds.NewTag();
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private long _cseq;
    private List<string>? _challenges;
    private string _challengeHeader = "Authorization";
    private int _nonceCount;
    private TimeSpan _expires;
    private SipHop? _registeredVia;
    private ISipSender? _registeredSender;
    private string? _contact;

    public TrunkRegistration(SipStack stack, TrunkRegistrationOptions options)
    {
        _stack = stack;
        _options = options;
        _expires = options.Expires;
    }

    public string Name => _options.Name;

    public TrunkRegistrationState State { get; private set; } = TrunkRegistrationState.Idle;

    /// <summary>When the registrar forgets us unless refreshed; null unless registered.</summary>
    public DateTimeOffset? ExpiresAt { get; private set; }

    /// <summary>The registrar address that accepted us.</summary>
    public SipHop? Target => _registeredVia;

    /// <summary>The last final status received (0 for a transport failure or timeout).</summary>
    public int LastStatus { get; private set; }

    /// <summary>Successful registrations (first and refreshes) since start.</summary>
    public int Successes => Volatile.Read(ref _successes);

    private int _successes;

    /// <summary>Raised after each state change, for logs and health views.</summary>
    public event Action<TrunkRegistration>? Changed;

    public void Start() => _loop ??= Task.Run(() => RunAsync(_stop.Token));

    private TimeProvider Time => _stack.Timers.Time;

    private async Task RunAsync(CancellationToken stop)
    {
        var delay = _options.RetryDelay;
        while (!stop.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var granted = await RegisterOnceAsync(_expires, stop).ConfigureAwait(false);
                if (granted is { } lifetime)
                {
                    delay = _options.RetryDelay;
                    wait = RefreshDelay(lifetime);
                }
                else
                {
                    SetState(TrunkRegistrationState.Failed, null);
                    wait = delay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 1000));
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A bug or resolver failure must not end the registration for good: log and retry later.
                _stack.Options.Log?.Invoke($"trunk {Name}: registration error: {e.Message}");
                SetState(TrunkRegistrationState.Failed, null);
                wait = delay;
            }

            try
            {
                await Task.Delay(wait, Time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Refresh well before expiry: at 85% of short lifetimes, 60 s early for long ones.</summary>
    internal static TimeSpan RefreshDelay(TimeSpan granted) =>
        granted > TimeSpan.FromMinutes(7) ? granted - TimeSpan.FromMinutes(1) : granted * 0.85;

    /// <summary>Registers through the first target that gives an answer; returns the granted lifetime or null.</summary>
    private async Task<TimeSpan?> RegisterOnceAsync(TimeSpan expires, CancellationToken stop)
    {
        if (State != TrunkRegistrationState.Registered)
        {
            SetState(TrunkRegistrationState.Registering, null);
        }

        foreach (var hop in await TargetsAsync(stop).ConfigureAwait(false))
        {
            var (outcome, granted) = await RegisterWithAsync(hop, expires, stop).ConfigureAwait(false);
            switch (outcome)
            {
                case Outcome.Registered:
                    _registeredVia = hop;
                    Interlocked.Increment(ref _successes);
                    SetState(TrunkRegistrationState.Registered, Time.GetUtcNow() + granted);
                    return granted;
                case Outcome.TryNext:
                    _stack.Options.Log?.Invoke($"trunk {Name}: {hop} failed ({LastStatus}); trying the next address");
                    continue;
                default:
                    return null;
            }
        }

        return null;
    }

    private async Task<IReadOnlyList<SipHop>> TargetsAsync(CancellationToken stop)
    {
        var next = _options.OutboundProxy ?? _options.Registrar;
        if (!SipUri.TryParse(next, out var uri))
        {
            throw new InvalidOperationException("not a SIP URI: " + next);
        }

        // The address that worked last time goes first, so refreshes stay where the binding is.
        var hops = (await _stack.LocateAsync(uri, stop).ConfigureAwait(false)).ToList();
        if (_registeredVia is { } last && hops.Remove(last))
        {
            hops.Insert(0, last);
        }

        return hops;
    }

    private enum Outcome
    {
        Registered,
        TryNext,
        Failed,
    }

    private async Task<(Outcome, TimeSpan)> RegisterWithAsync(SipHop hop, TimeSpan expires, CancellationToken stop)
    {
        var serverName = SipUri.TryParse(_options.Registrar, out var registrarUri) ? HostPort.Unbracket(registrarUri.Host) : null;
        var (sender, error) = await _stack.SenderForAsync(hop.Transport, hop.EndPoint, serverName, stop).ConfigureAwait(false);
        if (sender is null)
        {
            LastStatus = 0;
            _stack.Options.Log?.Invoke($"trunk {Name}: cannot reach {hop}: {error}");
            return (Outcome.TryNext, default);
        }

        var answeredChallenge = false;
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var request = BuildRegister(sender, hop, expires);
            var response = await _stack.SendNonInviteAsync(request, sender, hop.EndPoint).ConfigureAwait(false);
            LastStatus = response?.StatusCode ?? 0;
            switch (response)
            {
                case null:
                case { StatusCode: 408 or 503 }:
                    return (Outcome.TryNext, default);
                case { StatusCode: 401 or 407 }:
                    // A fresh challenge after we answered one, without stale=true, means wrong credentials.
                    if (answeredChallenge && !IsStale(response))
                    {
                        _stack.Options.Log?.Invoke($"trunk {Name}: credentials refused by {hop}");
                        _challenges = null;
                        return (Outcome.Failed, default);
                    }

                    if (!CacheChallenge(response))
                    {
                        _stack.Options.Log?.Invoke($"trunk {Name}: challenge from {hop} not answerable (no credentials for its realm)");
                        return (Outcome.Failed, default);
                    }

                    answeredChallenge = true;
                    continue;
                case { StatusCode: 423 }:
                    if (int.TryParse(response.Headers.Get("Min-Expires"), NumberStyles.None, CultureInfo.InvariantCulture, out var min) && min > expires.TotalSeconds)
                    {
                        expires = _expires = TimeSpan.FromSeconds(min);
                        continue;
                    }

                    return (Outcome.Failed, default);
                case { IsSuccess: true }:
                    _registeredSender = sender;
                    return (Outcome.Registered, GrantedExpires(response, expires));
                default:
                    _stack.Options.Log?.Invoke($"trunk {Name}: {hop} answered {response.StatusCode} {response.ReasonPhrase}");
                    return response.StatusCode >= 500 ? (Outcome.TryNext, default) : (Outcome.Failed, default);
            }
        }

        return (Outcome.Failed, default);
    }

    private SipRequest BuildRegister(ISipSender sender, SipHop hop, TimeSpan expires)
    {
        var local = _stack.LocalEndPointFor(new SipSource(sender, hop.EndPoint));
        var user = _options.ContactUser ?? (SipUri.TryParse(_options.AddressOfRecord, out var aor) ? aor.User : null) ?? _stack.Options.ContactUser;
        _contact = $"<sip:{user}@{SipDialog.FormatHost(local.Address)}:{local.Port}{hop.Transport.UriParameter()}>";
        var request = new SipRequest("REGISTER", _options.Registrar);
        request.Headers.Add(HeaderNames.Via, ViaHeader.Create(hop.Transport.ViaToken(), SipDialog.FormatHost(local.Address), local.Port, SipIds.NewBranch()).ToString());
        request.Headers.Add(HeaderNames.MaxForwards, "70");
        if (_options.OutboundProxy is { } proxy)
        {
            request.Headers.Add(HeaderNames.Route, $"<{proxy}>");
        }

        request.Headers.Add(HeaderNames.From, $"<{_options.AddressOfRecord}>;tag={_fromTag}");
        request.Headers.Add(HeaderNames.To, $"<{_options.AddressOfRecord}>");
        request.Headers.Add(HeaderNames.CallId, _callId);
        request.Headers.Add(HeaderNames.CSeq, $"{Interlocked.Increment(ref _cseq)} REGISTER");
        request.Headers.Add(HeaderNames.Contact, _contact);
        request.Headers.Add(HeaderNames.Expires, ((int)expires.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(HeaderNames.UserAgent, _stack.Options.UserAgent);
        if (Authorization() is { } authorization)
        {
            request.Headers.Add(_challengeHeader, authorization);
        }

        return request;
    }

    /// <summary>The answer to the cached challenge with the next nonce count, or null.</summary>
    private string? Authorization()
    {
        if (_challenges is null || _options.Credentials is not { } credentials)
        {
            return null;
        }

        return DigestClient.Answer(_challenges, "REGISTER", _options.Registrar, credentials.User, credentials.Password, ++_nonceCount);
    }

    /// <summary>Keeps the challenges we may answer: only those for the configured realm, never another party's.</summary>
    private bool CacheChallenge(SipResponse challenge)
    {
        if (_options.Credentials is not { } credentials)
        {
            return false;
        }

        var offered = DigestClient.ChallengesFor(challenge, credentials.Realm);
        if (offered.Count == 0 || DigestClient.Answer(offered, "REGISTER", _options.Registrar, credentials.User, credentials.Password) is null)
        {
            return false;
        }

        _challenges = offered;
        _challengeHeader = challenge.StatusCode == 401 ? "Authorization" : "Proxy-Authorization";
        _nonceCount = 0;
        return true;
    }

    private static bool IsStale(SipResponse challenge) =>
        challenge.Headers.Any(h => (h.Name.Equals("WWW-Authenticate", StringComparison.OrdinalIgnoreCase) || h.Name.Equals("Proxy-Authenticate", StringComparison.OrdinalIgnoreCase))
                                   && DigestParameters.TryParse(h.Value, out var p) && string.Equals(p["stale"], "true", StringComparison.OrdinalIgnoreCase));

    /// <summary>§10.2.4: the lifetime granted is our Contact's expires parameter, else the Expires header, else what we asked.</summary>
    private TimeSpan GrantedExpires(SipResponse ok, TimeSpan asked)
    {
        var ours = _contact is not null && NameAddress.TryParse(_contact, out var c) ? c.Uri : null;
        foreach (var value in ok.Headers.GetValues(HeaderNames.Contact))
        {
            if (NameAddress.TryParse(value, out var contact) && string.Equals(contact.Uri, ours, StringComparison.OrdinalIgnoreCase)
                && int.TryParse(HeaderParameters.Get(contact.Parameters, "expires"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }
        }

        return int.TryParse(ok.Headers.Get(HeaderNames.Expires), NumberStyles.None, CultureInfo.InvariantCulture, out var header)
            ? TimeSpan.FromSeconds(header)
            : asked;
    }

    private void SetState(TrunkRegistrationState state, DateTimeOffset? expiresAt)
    {
        var changed = State != state;
        State = state;
        ExpiresAt = expiresAt;
        if (changed || state == TrunkRegistrationState.Registered)
        {
            _stack.Options.Log?.Invoke(state == TrunkRegistrationState.Registered
                ? $"trunk {Name}: registered via {_registeredVia} until {expiresAt:O}"
                : $"trunk {Name}: {state.ToString().ToLowerInvariant()}");
            Changed?.Invoke(this);
        }
    }

    /// <summary>Stops refreshing and removes our binding (Expires: 0) from the registrar that holds it.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        if (State == TrunkRegistrationState.Registered && _registeredVia is { } hop && _registeredSender is { } sender)
        {
            var request = BuildRegister(sender, hop, TimeSpan.Zero);
            var response = await _stack.SendNonInviteAsync(request, sender, hop.EndPoint).ConfigureAwait(false);
            if (response is { StatusCode: 401 or 407 } && CacheChallenge(response))
            {
                response = await _stack.SendNonInviteAsync(BuildRegister(sender, hop, TimeSpan.Zero), sender, hop.EndPoint).ConfigureAwait(false);
            }

            _stack.Options.Log?.Invoke($"trunk {Name}: unregistered ({response?.StatusCode.ToString(CultureInfo.InvariantCulture) ?? "no answer"})");
            SetState(TrunkRegistrationState.Idle, null);
        }

        _stop.Dispose();
    }
}
