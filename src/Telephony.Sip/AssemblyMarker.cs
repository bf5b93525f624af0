namespace Telephony.Sip;

internal static class AssemblyMarker
{
}
