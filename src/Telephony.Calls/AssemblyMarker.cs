namespace Telephony.Calls;

internal static class AssemblyMarker
{
}
