using System.Runtime.CompilerServices;

// The talk-off tests measure how close speech comes to a digit block by block, not only whether whole digits slip through.
[assembly: InternalsVisibleTo("Telephony.Media.Tests")]
