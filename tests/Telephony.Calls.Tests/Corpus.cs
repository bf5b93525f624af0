namespace Telephony.Calls.Tests;

/// <summary>The torture-test corpora kept in the repository (tests/corpus: RFC 4475 and RFC 5118 messages).</summary>
internal static class Corpus
{
    public static string Folder { get; } = Find();

    public static string PathOf(string set, string name) => Path.Combine(Folder, set, name + ".dat");

    public static byte[] Read(string set, string name) => File.ReadAllBytes(PathOf(set, name));

    private static string Find()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Telephony.sln")))
            {
                return Path.Combine(dir.FullName, "tests", "corpus");
            }
        }

        throw new DirectoryNotFoundException("Telephony.sln not found above the test directory");
    }
}
