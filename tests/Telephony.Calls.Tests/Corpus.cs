namespace Telephony.Calls.Tests;

/// <summary>The torture-test corpora in ../shared/corpus beside the checkout.</summary>
internal static class Corpus
{
    public static string Folder { get; } = Find();

    public static string PathOf(string set, string name) => Path.Combine(Folder, set, name + ".dat");

    public static byte[] Read(string set, string name) => File.ReadAllBytes(PathOf(set, name));

    private static string Find()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("../shared/corpus not found beside the checkout");
    }
}
