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
        // Speech engines turn audio into text and back; they know media's audio helpers (resampling, G.711), nothing of calls.
        ["Telephony.Speech"] = ["Telephony.Media"],
        ["Telephony.Calls"] = ["Telephony.Sip", "Telephony.Sdp", "Telephony.Media", "Telephony.Speech"],
        // Dialplans drive calls through ICall only; they never reach SIP, SDP or media directly.
        ["Telephony.Dialplan"] = ["Telephony.Calls"],
        // The HTTP API drives calls and reads dialplans through their public services; it never reaches SIP or media
        // (their counters arrive as delegates the server wires in) nor the storage implementation (ICdrSearch).
        // Agent queues decide who gets a caller; they reach calls through Calls' contracts only.
        ["Telephony.Queues"] = ["Telephony.Calls"],
        ["Telephony.Api"] = ["Telephony.Calls", "Telephony.Dialplan", "Telephony.Queues", "Telephony.Campaigns"],
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
    public void Dialplan_uses_only_the_public_interfaces_of_calls()
    {
        var dialplan = Assembly.Load("Telephony.Dialplan");
        var calls = Assembly.Load("Telephony.Calls");

        // The contract: Calls' interfaces, the types their members take and return (GatherOptions, ...), and the exceptions they throw.
        var interfaces = calls.GetExportedTypes().Where(t => t.IsInterface).ToList();
        var contract = interfaces
            .SelectMany(i => i.GetMembers().SelectMany(MemberTypes))
            .SelectMany(t => t.IsGenericType ? t.GetGenericArguments().Append(t) : [t])
            .Concat(interfaces)
            .Concat(calls.GetExportedTypes().Where(t => typeof(Exception).IsAssignableFrom(t)))
            .ToHashSet();

        // Every Calls type the dialplan layer mentions in a field, property or method signature must be part of that contract.
        var used = dialplan.GetTypes()
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .SelectMany(MemberTypes)
            .Select(t => t.IsByRef || t.IsArray ? t.GetElementType()! : t) // a ref/out of a contract type (a compiler-made local function's captured ICallQueues) is still the contract
            .Where(t => t.Assembly == calls && !contract.Contains(t))
            .Select(t => t.FullName)
            .Distinct();

        Assert.That(used, Is.Empty, "Telephony.Dialplan may use Telephony.Calls' interfaces (ICall and its records), not its implementation");
    }

    private static IEnumerable<Type> MemberTypes(MemberInfo member) => member switch
    {
        FieldInfo f => [f.FieldType],
        PropertyInfo p => [p.PropertyType],
        MethodInfo m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType),
        ConstructorInfo c => c.GetParameters().Select(p => p.ParameterType),
        _ => [],
    };

    [Test]
    public void Api_uses_calls_only_through_its_interfaces_and_records()
    {
        var api = Assembly.Load("Telephony.Api");
        var calls = Assembly.Load("Telephony.Calls");

        // Interfaces (ICallRegistry, ICallControl, ICallEventStream, ICdrSearch) and the records they take and return; never a class such as CallManager.
        var used = api.GetTypes()
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .SelectMany(MemberTypes)
            .Select(t => t.IsByRef || t.IsArray ? t.GetElementType()! : t)
            .SelectMany(t => t.IsGenericType ? t.GetGenericArguments().Append(t) : [t])
            .Where(t => t.Assembly == calls && t.IsClass && !IsRecord(t))
            .Select(t => t.FullName)
            .Distinct();

        Assert.That(used, Is.Empty, "Telephony.Api may use Telephony.Calls' interfaces and records, not its classes");
    }

    private static bool IsRecord(Type t) => t.GetMethod("<Clone>$") is not null;

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
