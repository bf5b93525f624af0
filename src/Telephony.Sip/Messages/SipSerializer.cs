namespace Telephony.Sip.Messages;

/// <summary>Turns a <see cref="SipMessage"/> into wire bytes.</summary>
/// <remarks>
/// Content-Length is always written from the actual body length (any stored value is ignored),
/// so a message can never announce a body size it does not carry.
/// </remarks>
public static class SipSerializer
{
    public static byte[] Serialize(SipMessage message)
    {
        var writer = new SipWriter(512 + message.Body.Length);
        try
        {
            Write(message, ref writer);
            return writer.Written.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    private static void Write(SipMessage message, ref SipWriter writer)
    {
        message.WriteStartLine(ref writer);
        writer.WriteCrlf();
        foreach (var h in message.Headers)
        {
            if (string.Equals(h.Name, HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            writer.Write(h.Name);
            writer.Write(": ");
            writer.Write(h.Value);
            writer.WriteCrlf();
        }

        writer.Write(HeaderNames.ContentLength);
        writer.Write(": ");
        writer.WriteInt(message.Body.Length);
        writer.WriteCrlf();
        writer.WriteCrlf();
        writer.Write(message.Body.Span);
    }
}
