namespace Telephony.Storage;

internal static class AssemblyMarker
{
}
