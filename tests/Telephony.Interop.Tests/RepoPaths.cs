namespace Telephony.Interop.Tests;

/// <summary>Paths of the checkout the tests run from.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Prompts => Path.Combine(Root, "prompts");

    public static string SippScenario(string name) => Path.Combine(Root, "samples", "sipp", name);

    /// <summary>The built CLI, from the same configuration as these tests.</summary>
    public static string TelephonyDll
    {
        get
        {
            var configuration = TestContext.CurrentContext.TestDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
            var dll = Path.Combine(Root, "src", "Telephony.Server", "bin", configuration, "net10.0", "telephony.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("build the solution first: missing " + dll);
        }
    }

    private static string FindRoot()
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
