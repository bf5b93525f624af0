using System.Text;
using Telephony.Dialplan.Model;
using Telephony.Dialplan.Model.Steps;

namespace Telephony.Dialplan.Graph;

/// <summary>
/// Draws a validated dialplan: one cluster per flow, one node per step, one edge per
/// transition, labelled with its outcome (plain "done" edges carry no label), dashed edges from
/// subflow steps to the flow they run, and an "end" node per flow where control leaves it.
/// </summary>
public static class GraphExporter
{
    public static string Export(DialplanModel model, GraphFormat format)
    {
        var ids = new Dictionary<Step, string>();
        var flowIndex = 0;
        foreach (var flow in model.Flows.Values)
        {
            var stepIndex = 0;
            foreach (var step in flow.AllSteps)
            {
                ids[step] = $"f{flowIndex}s{stepIndex++}";
            }

            flowIndex++;
        }

        return format == GraphFormat.Dot ? Dot(model, ids) : Mermaid(model, ids);
    }

    private static string Mermaid(DialplanModel model, Dictionary<Step, string> ids)
    {
        var text = new StringBuilder("flowchart TD\n");
        var edges = new StringBuilder();
        var flowIndex = 0;
        foreach (var flow in model.Flows.Values)
        {
            var end = $"f{flowIndex}end";
            text.Append($"  subgraph f{flowIndex}[\"flow {MermaidText(flow.Name)}\"]\n");
            foreach (var step in flow.AllSteps)
            {
                text.Append($"    {ids[step]}[\"{MermaidText(StepLabels.Describe(step))}\"]\n");
            }

            var flowEdges = Edges(flow, ids, end).ToList();
            text.Append(flowEdges.Any(e => e.To == end) ? $"    {end}((\"end\"))\n  end\n" : "  end\n");
            foreach (var (from, label, to, dashed) in flowEdges)
            {
                var arrow = dashed ? "-.->" : "-->";
                edges.Append(label is null ? $"  {from} {arrow} {to}\n" : $"  {from} {arrow}|\"{MermaidText(label)}\"| {to}\n");
            }

            flowIndex++;
        }

        return text.Append(edges).ToString();
    }

    private static string Dot(DialplanModel model, Dictionary<Step, string> ids)
    {
        var text = new StringBuilder($"digraph \"{DotText(model.Name)}\" {{\n  rankdir=TB;\n  node [shape=box, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n");
        var edges = new StringBuilder();
        var flowIndex = 0;
        foreach (var flow in model.Flows.Values)
        {
            var end = $"f{flowIndex}end";
            text.Append($"  subgraph cluster_{flowIndex} {{\n    label=\"flow {DotText(flow.Name)}\";\n");
            foreach (var step in flow.AllSteps)
            {
                text.Append($"    {ids[step]} [label=\"{DotText(StepLabels.Describe(step))}\"];\n");
            }

            var flowEdges = Edges(flow, ids, end).ToList();
            if (flowEdges.Any(e => e.To == end))
            {
                text.Append($"    {end} [label=\"end\", shape=doublecircle];\n");
            }

            text.Append("  }\n");
            foreach (var (from, label, to, dashed) in flowEdges)
            {
                var attributes = new List<string>();
                if (label is not null)
                {
                    attributes.Add($"label=\"{DotText(label)}\"");
                }

                if (dashed)
                {
                    attributes.Add("style=dashed");
                }

                edges.Append(attributes.Count == 0 ? $"  {from} -> {to};\n" : $"  {from} -> {to} [{string.Join(", ", attributes)}];\n");
            }

            flowIndex++;
        }

        return text.Append(edges).Append("}\n").ToString();
    }

    private static IEnumerable<(string From, string? Label, string To, bool Dashed)> Edges(Flow flow, Dictionary<Step, string> ids, string end)
    {
        foreach (var step in flow.AllSteps)
        {
            foreach (var t in step.Transitions)
            {
                var label = t.Outcome == Outcome.Done ? null : t.Describe();
                yield return (ids[step], label, t.Target is { } target ? ids[target] : end, false);
            }

            if (step is SubflowStep { Flow.Entry: { } entry })
            {
                yield return (ids[step], "runs", ids[entry], true);
            }
        }
    }

    /// <summary>Mermaid labels are in double quotes; it reads HTML entities inside them.</summary>
    private static string MermaidText(string text) =>
        text.Replace("\"", "#quot;", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static string DotText(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
