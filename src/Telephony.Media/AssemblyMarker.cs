namespace Telephony.Media;

internal static class AssemblyMarker
{
}
