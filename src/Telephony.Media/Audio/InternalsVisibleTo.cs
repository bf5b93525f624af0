using System.Runtime.CompilerServices;

// Telephony.Speech upsamples telephone audio for its 16 kHz recognizer frame by frame with
// StreamResampler (the same filter the media path uses), rather than keeping a copy of it.
[assembly: InternalsVisibleTo("Telephony.Speech")]
