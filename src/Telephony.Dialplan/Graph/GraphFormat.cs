namespace Telephony.Dialplan.Graph;

public enum GraphFormat
{
    /// <summary>A Mermaid flowchart (renders in GitHub, GitLab and most wikis).</summary>
    Mermaid,

    /// <summary>Graphviz DOT (dot -Tsvg).</summary>
    Dot,
}
