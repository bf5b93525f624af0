namespace Telephony.Sdp;

internal static class AssemblyMarker
{
}
