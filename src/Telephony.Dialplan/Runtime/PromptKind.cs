namespace Telephony.Dialplan.Runtime;

/// <summary>What a rendered prompt is.</summary>
public enum PromptKind
{
    /// <summary>A WAV under the prompts folder.</summary>
    File,

    /// <summary>Text for the speech synthesiser.</summary>
    Tts,

    /// <summary>A value read as digits, a number, money, a date or a time.</summary>
    Say,
}
