namespace Telephony.Media.Codecs;

/// <summary>The G.711 laws a call can be encoded with.</summary>
public enum AudioEncoding
{
    /// <summary>G.711 μ-law (RTP payload type 0).</summary>
    Pcmu,

    /// <summary>G.711 A-law (RTP payload type 8).</summary>
    Pcma,
}
