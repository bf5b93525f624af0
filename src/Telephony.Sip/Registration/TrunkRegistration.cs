using System.Globalization;
using Telephony.Sip.Auth;
using Telephony.Sip.Dialogs;
using Telephony.Sip.Headers;
using Telephony.Sip.Messages;
using Telephony.Sip.Transactions;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Registration;

/// <summary>
/// Keeps one registration with a trunk's registrar alive: REGISTER with digest authentication,
/// refresh before the granted expiry, 423 Interval Too Brief honoured, failover across the
/// registrar's addresses (RFC 3263 §4.3: on 503, 408 or a transport error the next one is tried),
/// back-off retries when all fail, and an unregister (Expires: 0) when stopped.
/// </summary>
/// <remarks>
/// Each failed attempt is one log line naming what failed and what comes next, e.g.
/// <c>trunk carrier: register via 127.0.0.1:5060 (udp) failed: 503 Service Unavailable; trying 127.0.0.2:5060 (udp)</c>
/// and, when the round is over, <c>...; no more addresses; next attempt in 30 s (at 06:12:40Z)</c>.
/// </remarks>
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

    /// <summary>Why the last attempt failed, in words ("no response in 32 s (timeout)", "503 Service Unavailable"); null once registered.</summary>
    public string? LastFailure => Volatile.Read(ref _lastFailure)?.Reason;

    /// <summary>
    /// The last failure as one token for key=value status lines: the SIP status code ("503"),
    /// or <c>timeout</c>, <c>transport</c>, <c>dns</c>, <c>error</c>; null once registered.
    /// </summary>
    public string? LastFailureCode => Volatile.Read(ref _lastFailure)?.Code;

    private Failure? _lastFailure;

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
            string? failed;
            try
            {
                (var granted, failed) = await RegisterOnceAsync(_expires, stop).ConfigureAwait(false);
                if (granted is { } lifetime)
                {
                    delay = _options.RetryDelay;
                    wait = RefreshDelay(lifetime);
                }
                else
                {
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
                Volatile.Write(ref _lastFailure, new Failure("error", $"registration error: {e.Message}"));
                failed = $"trunk {Name}: registration error: {e.Message}";
                wait = delay;
            }

            if (failed is not null)
            {
                // The round's last line says when the next one starts, so nobody has to guess the back-off.
                _stack.Options.Log?.Invoke($"{failed}; {NextAttempt(wait)}");
                SetState(TrunkRegistrationState.Failed, null);
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

    /// <summary>"next attempt in 30 s (at 06:12:40Z)": the back-off wait in whole seconds (jitter under 1 s left out), and the UTC time it ends.</summary>
    private string NextAttempt(TimeSpan wait)
    {
        var at = (Time.GetUtcNow() + wait).UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"next attempt in {Math.Floor(wait.TotalSeconds):0} s (at {at:HH:mm:ss}Z)");
    }

    /// <summary>Refresh well before expiry: at 85% of short lifetimes, 60 s early for long ones.</summary>
    internal static TimeSpan RefreshDelay(TimeSpan granted) =>
        granted > TimeSpan.FromMinutes(7) ? granted - TimeSpan.FromMinutes(1) : granted * 0.85;

    /// <summary>
    /// Registers through the first target that gives an answer: the granted lifetime, or null and
    /// the log line for the failure that ended the round (its next attempt is added by the caller).
    /// A failure with another address left is logged here, naming that address.
    /// </summary>
    private async Task<(TimeSpan? Granted, string? Failed)> RegisterOnceAsync(TimeSpan expires, CancellationToken stop)
    {
        if (State != TrunkRegistrationState.Registered)
        {
            SetState(TrunkRegistrationState.Registering, null);
        }

        var (hops, located) = await TargetsAsync(stop).ConfigureAwait(false);
        if (hops.Count == 0)
        {
            LastStatus = 0;
            Volatile.Write(ref _lastFailure, new Failure("dns", $"no address for {located}"));
            return (null, $"trunk {Name}: register failed: no address for {located} (DNS); no more addresses");
        }

        for (var i = 0; i < hops.Count; i++)
        {
            var hop = hops[i];
            var (outcome, granted, failure) = await RegisterWithAsync(hop, expires, stop).ConfigureAwait(false);
            if (outcome == Outcome.Registered)
            {
                _registeredVia = hop;
                Volatile.Write(ref _lastFailure, null);
                Interlocked.Increment(ref _successes);
                SetState(TrunkRegistrationState.Registered, Time.GetUtcNow() + granted);
                return (granted, null);
            }

            Volatile.Write(ref _lastFailure, failure);
            var line = $"trunk {Name}: register via {hop} failed: {failure!.Reason}";
            var more = i + 1 < hops.Count;
            if (outcome == Outcome.TryNext && more)
            {
                _stack.Options.Log?.Invoke($"{line}; trying {hops[i + 1]}");
                continue;
            }

            // A final answer (wrong credentials, 4xx) would be the same elsewhere: the round ends here.
            return (null, $"{line}; {(more ? "other addresses not tried" : "no more addresses")}");
        }

        return (null, $"trunk {Name}: register failed; no more addresses");
    }

    private async Task<(IReadOnlyList<SipHop> Hops, string Located)> TargetsAsync(CancellationToken stop)
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

        return (hops, next);
    }

    private enum Outcome
    {
        Registered,
        TryNext,
        Failed,
    }

    /// <summary>What went wrong, in words for the log, and as one token (status code, timeout, transport, dns, error) for status lines.</summary>
    private sealed record Failure(string Code, string Reason)
    {
        public static Failure Answer(SipResponse response, string? why = null) =>
            new(response.StatusCode.ToString(CultureInfo.InvariantCulture), $"{response.StatusCode} {response.ReasonPhrase}{why}");

        public static Failure Of(ClientFailure failure) =>
            new(failure.Kind == ClientFailureKind.Timeout ? "timeout" : "transport", failure.Description);
    }

    private async Task<(Outcome, TimeSpan, Failure?)> RegisterWithAsync(SipHop hop, TimeSpan expires, CancellationToken stop)
    {
        var serverName = SipUri.TryParse(_options.Registrar, out var registrarUri) ? HostPort.Unbracket(registrarUri.Host) : null;
        var (sender, error) = await _stack.SenderForAsync(hop.Transport, hop.EndPoint, serverName, stop).ConfigureAwait(false);
        if (sender is null)
        {
            LastStatus = 0;
            return (Outcome.TryNext, default, Failure.Of(ClientFailure.ConnectFailed(error)));
        }

        var answeredChallenge = false;
        SipResponse? response = null;
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var request = BuildRegister(sender, hop, expires);
            var tx = _stack.StartNonInvite(request, sender, hop.EndPoint);
            response = await tx.Completion.ConfigureAwait(false);
            LastStatus = response?.StatusCode ?? 0;
            switch (response)
            {
                case null:
                    // Timer F or a transport error: the transaction says which (RFC 3263 §4.3 fails over on both).
                    return (Outcome.TryNext, default, Failure.Of(tx.Failure ?? ClientFailure.NoResponse(_stack.Options.Timers.TransactionTimeout, sender)));
                case { StatusCode: 408 or 503 }:
                    return (Outcome.TryNext, default, Failure.Answer(response));
                case { StatusCode: 401 or 407 }:
                    // A fresh challenge after we answered one, without stale=true, means wrong credentials.
                    if (answeredChallenge && !IsStale(response))
                    {
                        _challenges = null;
                        return (Outcome.Failed, default, Failure.Answer(response, " again after our answer (credentials refused)"));
                    }

                    if (!CacheChallenge(response))
                    {
                        return (Outcome.Failed, default, Failure.Answer(response, $": challenge not answerable ({Unanswerable(response)})"));
                    }

                    answeredChallenge = true;
                    continue;
                case { StatusCode: 423 }:
                    if (int.TryParse(response.Headers.Get("Min-Expires"), NumberStyles.None, CultureInfo.InvariantCulture, out var min) && min > expires.TotalSeconds)
                    {
                        expires = _expires = TimeSpan.FromSeconds(min);
                        continue;
                    }

                    return (Outcome.Failed, default, Failure.Answer(response, " (no usable Min-Expires)"));
                case { IsSuccess: true }:
                    _registeredSender = sender;
                    return (Outcome.Registered, GrantedExpires(response, expires), null);
                case { StatusCode: 403 }:
                    return (Outcome.Failed, default, Failure.Answer(response, " (credentials refused)"));
                default:
                    return (response.StatusCode >= 500 ? Outcome.TryNext : Outcome.Failed, default, Failure.Answer(response));
            }
        }

        // Only stale challenges or rising Min-Expires answers for every try: give up for this round.
        return (Outcome.Failed, default, Failure.Answer(response!, " (gave up after 4 REGISTERs)"));
    }

    /// <summary>Why <see cref="CacheChallenge"/> refused a challenge: no credentials, another realm, or nothing we can compute.</summary>
    private string Unanswerable(SipResponse challenge)
    {
        if (_options.Credentials is not { } credentials)
        {
            return "no credentials configured";
        }

        var realm = challenge.Headers
            .Where(h => h.Name.Equals("WWW-Authenticate", StringComparison.OrdinalIgnoreCase) || h.Name.Equals("Proxy-Authenticate", StringComparison.OrdinalIgnoreCase))
            .Select(h => DigestParameters.TryParse(h.Value, out var p) ? p["realm"] : null)
            .FirstOrDefault(r => r is not null);
        return credentials.Realm is { } ours && realm != ours
            ? $"realm \"{realm}\", our credentials are for \"{ours}\""
            : "no supported digest challenge";
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
