using Telephony.Dialplan.Diagnostics;
using Telephony.Dialplan.Model;

namespace Telephony.Dialplan.Validation;

/// <summary>
/// Checks that every prompt file a dialplan names (with fixed text) exists under the prompts
/// folder, so a missing recording is found by the validator and not by a caller.
/// </summary>
internal static class PromptChecker
{
    public static void Check(DiagnosticBag diagnostics, DialplanModel model, string promptsDirectory)
    {
        List<string>? available = null;
        foreach (var prompt in model.AllSteps.SelectMany(StepPrompts.Of).OfType<FilePrompt>())
        {
            if (prompt.Path.Constant is not { } name || Exists(promptsDirectory, name))
            {
                continue;
            }

            available ??= List(promptsDirectory);
            var hint = Hints.Closest(name, available) is { } close ? $" (did you mean '{close}'?)" : string.Empty;
            var looked = Path.Combine(promptsDirectory, HasExtension(name) ? name : name + ".wav");
            diagnostics.Error(prompt.At, $"prompt file '{name}' not found: no {looked}{hint}");
        }
    }

    /// <summary>True when the prompt exists; names may leave out ".wav" and may not leave the folder.</summary>
    public static bool Exists(string directory, string name)
    {
        if (name.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(name))
        {
            return false;
        }

        var path = Path.Combine(directory, name);
        return File.Exists(path) || (!HasExtension(name) && File.Exists(path + ".wav"));
    }

    private static bool HasExtension(string name) => Path.GetExtension(name).Equals(".wav", StringComparison.OrdinalIgnoreCase);

    private static List<string> List(string directory)
    {
        try
        {
            return Directory.Exists(directory)
                ? [.. Directory.EnumerateFiles(directory, "*.wav", SearchOption.AllDirectories)
                    .Select(p => Path.ChangeExtension(Path.GetRelativePath(directory, p), null).Replace('\\', '/'))]
                : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
