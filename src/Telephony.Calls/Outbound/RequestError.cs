namespace Telephony.Calls.Outbound;

/// <summary>An invalid originate or transfer request: <see cref="ArgumentException.ParamName"/> is the request member at fault (to, trunk, flow), as the API reports it.</summary>
internal static class RequestError
{
    public static ArgumentException Field(string field, string message) => new(message, field);
}
