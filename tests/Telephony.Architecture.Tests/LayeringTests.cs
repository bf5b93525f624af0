using System.Reflection;

namespace Telephony.Architecture.Tests;

/// <summary>The layer table of ARCHITECTURE.md, enforced: nothing points upward or sideways.</summary>
public class LayeringTests
{
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Telephony.Sip"] = [],
        ["Telephony.Sdp"] = [],
        ["Telephony.Media"] = ["Telephony.Sdp"],
        ["Telephony.Calls"] = ["Telephony.Sip", "Telephony.Sdp", "Telephony.Media", "Telephony.Speech"],
        ["Telephony.Storage"] = ["Telephony.Calls", "Telephony.Sip", "Telephony.Sdp", "Telephony.Media", "Telephony.Speech", "Telephony.Dialplan", "Telephony.Queues", "Telephony.Campaigns"],
    };

    private static IEnumerable<TestCaseData> Layers() =>
        Allowed.Keys.Select(name => new TestCaseData(name).SetName("Layer_" + name.Replace('.', '_') + "_uses_only_what_it_may"));

    [TestCaseSource(nameof(Layers))]
    public void Layer_references_only_allowed_layers(string layer)
    {
        var assembly = Assembly.Load(layer);

        var telephonyReferences = assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("Telephony.", StringComparison.Ordinal));

        Assert.That(telephonyReferences, Is.SubsetOf(Allowed[layer]), $"{layer} references a layer it may not use");
    }

    [Test]
    public void Every_layer_is_checked()
    {
        var built = Directory.GetFiles(AppContext.BaseDirectory, "Telephony.*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(n => n is not null && !n.EndsWith(".Tests", StringComparison.Ordinal) && n != "Telephony.Server")
            .ToList();

        Assert.That(built, Is.SubsetOf(Allowed.Keys), "a new project needs its row in the layer table (and in ARCHITECTURE.md)");
    }

    [Test]
    public void Sip_core_knows_no_media_and_media_knows_no_sip()
    {
        var media = Assembly.Load("Telephony.Media").GetReferencedAssemblies().Select(a => a.Name);
        var sip = Assembly.Load("Telephony.Sip").GetReferencedAssemblies().Select(a => a.Name);

        Assert.Multiple(() =>
        {
            Assert.That(media, Does.Not.Contain("Telephony.Sip"));
            Assert.That(sip, Does.Not.Contain("Telephony.Media"));
        });
    }
}
