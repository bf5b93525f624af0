using System.Globalization;
using Telephony.Sip.Auth;
using Telephony.Sip.Headers;
using Telephony.Sip.Messages;
using Telephony.Sip.Security;
using Telephony.Sip.Transactions;

namespace Telephony.Sip.Registration;

/// <summary>The registrar for our own users (RFC 3261 §10.3) with digest authentication.</summary>
/// <remarks>
/// Bindings live in memory: phones re-register within their interval, so a restart heals itself
/// within one interval. Expired bindings are ignored on lookup and removed by <see cref="Sweep"/>.
/// Thread-safe.
/// </remarks>
public sealed class Registrar
{
    private readonly RegistrarOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<string>? _log;
    private readonly DigestAuthenticator _auth;
    private readonly NonceService _nonces;
    private readonly AuthFailureLog _failures;
    private readonly Dictionary<string, List<Binding>> _bindings = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Registrar(RegistrarOptions options, TimeProvider time, Action<string>? log)
    {
        _options = options;
        _time = time;
        _log = log;
        _nonces = new NonceService(time, options.NonceLifetime);
        _failures = new AuthFailureLog(time, log);
        _auth = new DigestAuthenticator(options.Realm, user => options.Users.GetValueOrDefault(user), _nonces, options.Algorithms);
    }

    public DigestAuthenticator Authenticator => _auth;

    /// <summary>Wrong passwords and unknown users, as SECURITY lines (rate-limited) and counts.</summary>
    public AuthFailureLog Failures => _failures;

    /// <summary>The live contacts of <paramref name="user"/>, newest first.</summary>
    public IReadOnlyList<Binding> Lookup(string user)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            return _bindings.TryGetValue(user, out var list) ? [.. list.Where(b => b.ExpiresAt > now).OrderByDescending(b => b.ExpiresAt)] : [];
        }
    }

    public int BindingCount
    {
        get
        {
            lock (_lock)
            {
                return _bindings.Values.Sum(l => l.Count);
            }
        }
    }

    /// <summary>Handles a REGISTER in its server transaction.</summary>
    public void Handle(ServerTransaction tx)
    {
        var request = tx.Request;
        var verdict = _auth.Verify(request);
        if (!verdict.IsAuthenticated)
        {
            if (verdict.IsWrongCredentials)
            {
                _failures.Failed(tx.Source.Remote.Address, verdict.ClaimedUser, verdict.Rejection == DigestRejection.UnknownUser ? "unknown-user" : "wrong-password", request.Method);
            }

            var challenge = SipResponse.Create(request, 401, null, SipIds.NewTag());
            foreach (var h in _auth.ChallengeFor(request, verdict.Stale))
            {
                challenge.Headers.Add(h.Name, h.Value);
            }

            tx.SendResponse(challenge);
            return;
        }

        var user = verdict.User!;
        if (request.To?.ParsedUri?.User?.Split(';')[0] != user)
        {
            Reply(tx, 403, "To does not match the authenticated user");
            return;
        }

        var outcome = Apply(request, tx, user);
        if (outcome.Status != 200)
        {
            var failure = SipResponse.Create(request, outcome.Status, outcome.Reason, SipIds.NewTag());
            if (outcome.Status == 423)
            {
                failure.Headers.Add("Min-Expires", ((int)_options.MinExpires.TotalSeconds).ToString(CultureInfo.InvariantCulture));
            }

            tx.SendResponse(failure);
            return;
        }

        var ok = SipResponse.Create(request, 200, null, SipIds.NewTag());
        var now = _time.GetUtcNow();
        foreach (var binding in Lookup(user))
        {
            var left = Math.Max(0, (int)Math.Round((binding.ExpiresAt - now).TotalSeconds));
            ok.Headers.Add(HeaderNames.Contact, $"<{binding.Contact}>;expires={left}");
        }

        ok.Headers.Add("Date", now.ToString("r", CultureInfo.InvariantCulture));
        tx.SendResponse(ok);
    }

    /// <summary>Removes expired bindings.</summary>
    public void Sweep()
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            foreach (var user in _bindings.Keys.ToList())
            {
                _bindings[user].RemoveAll(b => b.ExpiresAt <= now);
                if (_bindings[user].Count == 0)
                {
                    _bindings.Remove(user);
                }
            }
        }
    }

    private (int Status, string? Reason) Apply(SipRequest request, ServerTransaction tx, string user)
    {
        var contacts = request.Headers.GetValues(HeaderNames.Contact);
        var headerExpires = request.Headers.Get(HeaderNames.Expires) is { } e && uint.TryParse(e.Trim(), CultureInfo.InvariantCulture, out var seconds) ? (long?)seconds : null;
        var callId = request.CallId!;
        var cseq = request.CSeq!.Value.Number;
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (!_bindings.TryGetValue(user, out var list))
            {
                list = [];
                _bindings[user] = list;
            }

            if (contacts is ["*"])
            {
                // §10.3 step 6: "*" removes everything, and only with Expires: 0.
                if (headerExpires != 0)
                {
                    return (400, "Contact * needs Expires: 0");
                }

                if (list.Any(b => b.CallId == callId && b.CSeq >= cseq))
                {
                    return (500, "Out of order REGISTER");
                }

                list.Clear();
                _log?.Invoke($"REGISTER {user}: all bindings removed");
                return (200, null);
            }

            if (contacts.Contains("*"))
            {
                return (400, "Contact * must stand alone");
            }

            var updates = new List<(string Uri, TimeSpan Expires)>();
            foreach (var contact in contacts)
            {
                var address = NameAddress.TryParse(contact, out var a) ? a : null;
                if (address is null)
                {
                    return (400, "Malformed Contact");
                }

                var requested = HeaderParameters.Get(address.Parameters, "expires") is { } p && uint.TryParse(p, CultureInfo.InvariantCulture, out var ps) ? ps : headerExpires;
                var expires = requested is { } r ? TimeSpan.FromSeconds(r) : _options.DefaultExpires;
                if (expires > TimeSpan.Zero && expires < _options.MinExpires)
                {
                    return (423, null);
                }

                if (list.FirstOrDefault(b => b.Contact == address.Uri) is { } existing && existing.CallId == callId && existing.CSeq >= cseq)
                {
                    return (500, "Out of order REGISTER");
                }

                updates.Add((address.Uri, expires > _options.MaxExpires ? _options.MaxExpires : expires));
            }

            foreach (var (uri, expires) in updates)
            {
                list.RemoveAll(b => b.Contact == uri);
                if (expires > TimeSpan.Zero)
                {
                    list.Add(new Binding(user, uri, now + expires, callId, cseq, tx.Source.Remote, tx.Source.Sender));
                }
            }

            if (updates.Count > 0)
            {
                _log?.Invoke($"REGISTER {user}: {list.Count} binding(s) {string.Join(' ', list.Select(b => b.Contact))} from {tx.Source.Remote}");
            }

            return (200, null);
        }
    }

    private static void Reply(ServerTransaction tx, int status, string reason) =>
        tx.SendResponse(SipResponse.Create(tx.Request, status, reason, SipIds.NewTag()));
}
