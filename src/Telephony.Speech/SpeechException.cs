namespace Telephony.Speech;

/// <summary>A speech engine could not do what was asked; the message says what and how to fix it.</summary>
public sealed class SpeechException : Exception
{
    public SpeechException()
    {
    }

    public SpeechException(string message)
        : base(message)
    {
    }

    public SpeechException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
