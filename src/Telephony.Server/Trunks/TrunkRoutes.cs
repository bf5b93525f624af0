using Telephony.Calls.Outbound;
using Telephony.Sip.Transport;

namespace Telephony.Server.Trunks;

/// <summary>
/// Where numbers go: the trunks of --trunks in file order (the dialler fails over to the next on a
/// transport error, 408 or 503), or the one a request names. A number is sent as
/// <c>sip:NUMBER@HOST[:PORT]</c> to the trunk (or its outbound proxy); a SIP URI sent through a named
/// trunk keeps its Request-URI and goes to the trunk.
/// </summary>
internal sealed class TrunkRoutes(IReadOnlyList<TrunkConfig> trunks) : IDialRoutes
{
    public IReadOnlyList<DialRoute> Routes(string to, string? trunk)
    {
        IEnumerable<TrunkConfig> chosen = trunks;
        if (trunk is not null)
        {
            var named = trunks.FirstOrDefault(t => string.Equals(t.Name, trunk, StringComparison.Ordinal));
            if (named is null)
            {
                throw new ArgumentException(
                    $"no trunk named '{trunk}' (configured: {(trunks.Count == 0 ? "none" : string.Join(", ", trunks.Select(t => t.Name)))})", nameof(trunk));
            }

            chosen = [named];
        }
        else if (trunks.Count == 0)
        {
            throw new ArgumentException("numbers need trunks (serve --trunks FILE); none are configured", nameof(to));
        }

        return [.. chosen.Select(t => Route(t, to))];
    }

    private static DialRoute Route(TrunkConfig trunk, string target)
    {
        var hostPort = trunk.Port is { } port ? $"{trunk.Host}:{port}" : trunk.Host;
        var transport = trunk.Transport switch
        {
            SipTransportKind.Tcp => ";transport=tcp",
            SipTransportKind.Tls => ";transport=tls",
            _ => string.Empty,
        };
        var isUri = target.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) || target.StartsWith("sips:", StringComparison.OrdinalIgnoreCase);
        var number = target.StartsWith("tel:", StringComparison.OrdinalIgnoreCase) ? target[4..] : target;
        var requestUri = isUri ? target : $"sip:{number}@{hostPort}{transport}";
        var nextHop = trunk.OutboundProxy ?? $"sip:{hostPort}{transport}";
        return new DialRoute(trunk.Name, requestUri, isUri ? target : $"sip:{number}@{hostPort}", nextHop, trunk.Host, trunk.Credentials, trunk.OutboundProxy);
    }
}
