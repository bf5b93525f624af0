namespace Telephony.Dialplan.Tests;

/// <summary>Where the test data lives: copied next to the tests, or in the checkout.</summary>
internal static class TestPaths
{
    public static string Broken => Path.Combine(TestContext.CurrentContext.TestDirectory, "Broken");

    /// <summary>A prompts folder holding welcome, goodbye, main-menu and thanks.</summary>
    public static string Prompts => Path.Combine(TestContext.CurrentContext.TestDirectory, "Prompts");

    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Telephony.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new DirectoryNotFoundException("Telephony.sln not found above the test directory");
        }
    }

    public static string Sample(string name) => Path.Combine(RepoRoot, "dialplans", name);

    public static string RepoPrompts => Path.Combine(RepoRoot, "prompts");
}
