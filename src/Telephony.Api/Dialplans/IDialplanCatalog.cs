namespace Telephony.Api.Dialplans;

/// <summary>The dialplans the server serves, as the API lists and checks them.</summary>
public interface IDialplanCatalog
{
    /// <summary>Every dialplan file of the folder, valid or not, by file name.</summary>
    IReadOnlyList<DialplanEntry> List();

    /// <summary>Checks a dialplan's YAML text as the server would load it; empty when it is valid.</summary>
    IReadOnlyList<DialplanProblem> Validate(string yaml);
}
