using Telephony.Dialplan.Graph;

namespace Telephony.Dialplan.Tests;

public class GraphExporterTests
{
    private const string Text = """
        dialplan: tiny
        flows:
          main:
            - answer
            - subflow: helper
            - name: ask
              menu:
              prompt:
                - tts: Say "yes" or press 1
              choices:
                - key: 1
                  speech: [yes]
                  then: done
              fallback: done
            - name: done
              hangup:
          helper:
            - play: welcome
        """;

    [Test]
    public void Mermaid_has_a_subgraph_per_flow_a_node_per_step_and_labelled_edges()
    {
        var graph = Export(GraphFormat.Mermaid);

        Assert.Multiple(() =>
        {
            Assert.That(graph, Does.StartWith("flowchart TD\n"));
            Assert.That(graph, Does.Contain("subgraph f0[\"flow main\"]").And.Contain("subgraph f1[\"flow helper\"]"));
            Assert.That(graph, Does.Contain("f0s2[\"ask: menu “Say #quot;yes#quot; or press 1”\"]"), "quotes are escaped for Mermaid");
            Assert.That(graph, Does.Contain("f0s0 --> f0s1\n"));
            Assert.That(graph, Does.Contain("f0s2 -->|\"choice 1\"| f0s3\n").And.Contain("f0s2 -->|\"fallback\"| f0s3\n"));
            Assert.That(graph, Does.Contain("f0s1 -.->|\"runs\"| f1s0\n"));
            Assert.That(graph, Does.Contain("f1s0 --> f1end\n").And.Contain("f1end((\"end\"))"));
            Assert.That(graph, Does.Not.Contain("f0end"), "main never ends without its hangup");
        });
    }

    [Test]
    public void Dot_has_a_cluster_per_flow_and_escapes_labels()
    {
        var graph = Export(GraphFormat.Dot);

        Assert.Multiple(() =>
        {
            Assert.That(graph, Does.StartWith("digraph \"tiny\" {\n"));
            Assert.That(graph, Does.Contain("subgraph cluster_0 {\n    label=\"flow main\";"));
            Assert.That(graph, Does.Contain("f0s2 [label=\"ask: menu “Say \\\"yes\\\" or press 1”\"];"));
            Assert.That(graph, Does.Contain("f0s2 -> f0s3 [label=\"choice 1\"];"));
            Assert.That(graph, Does.Contain("f0s1 -> f1s0 [label=\"runs\", style=dashed];"));
            Assert.That(graph.TrimEnd(), Does.EndWith("}"));
            Assert.That(graph.Count(c => c == '{'), Is.EqualTo(graph.Count(c => c == '}')));
        });
    }

    [TestCase("demo.yaml")]
    [TestCase("bank.yaml")]
    [TestCase("outage.yaml")]
    [TestCase("cards.yaml")]
    public void Every_step_of_a_sample_is_drawn(string sample)
    {
        var model = DialplanLoader.LoadFile(TestPaths.Sample(sample), new DialplanOptions(null)).Model!;

        var graph = GraphExporter.Export(model, GraphFormat.Mermaid);

        var nodes = graph.Split('\n').Count(l => l.StartsWith("    f", StringComparison.Ordinal) && !l.Contains("end((", StringComparison.Ordinal));
        Assert.That(nodes, Is.EqualTo(model.AllSteps.Count()));
    }

    private static string Export(GraphFormat format)
    {
        var result = DialplanLoader.Parse("tiny.yaml", Text, new DialplanOptions(TestPaths.Prompts));
        Assert.That(result.Diagnostics, Is.Empty);
        return GraphExporter.Export(result.Model!, format);
    }
}
