namespace Telephony.Calls.Control;

/// <summary>
/// What a transfer carries besides its target: the identity presented and extra headers on the
/// INVITE to the target (an agent queue's context: X-Telephony-*, Call-Info). Headers go on the
/// INVITE we place (bridge mode); a blind REFER places no INVITE of ours, so they are not sent.
/// </summary>
public sealed record TransferOptions
{
    /// <summary>The identity presented to the target (bridge only); null for the caller's.</summary>
    public string? CallerId { get; init; }

    /// <summary>Name and value of each extra header, in order; see <see cref="Problem"/> for what is refused.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Why these headers cannot go on a SIP request (a name that is not a token, a value with a line break); null when they can.</summary>
    public string? Problem()
    {
        foreach (var (name, value) in Headers)
        {
            if (name.Length == 0 || !name.All(IsTokenChar))
            {
                return $"'{name}' is not a header name";
            }

            if (value.Any(c => c is '\r' or '\n' or '\0'))
            {
                return $"the value of {name} has a line break";
            }
        }

        return null;
    }

    // RFC 3261 §25.1 token characters.
    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "-.!%*_+`'~".Contains(c, StringComparison.Ordinal);
}
