namespace Telephony.Calls.Outbound;

/// <summary>
/// Where a number goes: the trunks, in the order they are tried (the next on a transport error,
/// 408 or 503, as the UAC fails over between a trunk's addresses). Implemented by the server from
/// its --trunks file. SIP URIs need no routes: they are dialled directly unless a trunk is named.
/// </summary>
public interface IDialRoutes
{
    /// <summary>
    /// The routes for <paramref name="to"/> (a number, or a SIP URI when <paramref name="trunk"/>
    /// is given), best first; <paramref name="trunk"/> forces that one.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown trunk, or no trunk at all for a number; the message says which (param name "trunk" or "to").</exception>
    IReadOnlyList<DialRoute> Routes(string to, string? trunk);
}
