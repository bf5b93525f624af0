using System.Reflection;
using System.Reflection.Emit;

namespace Telephony.Architecture.Tests;

/// <summary>
/// Layers talk through interfaces they own: no layer casts or type-tests (<c>as</c>, <c>is</c>, a
/// cast, a pattern) a value to a concrete class of another Telephony layer. Checked in the IL of
/// every method, so a new downcast fails the build's tests wherever it hides.
/// </summary>
public class CastTests
{
    // Telephony.Server builds as the assembly "telephony" (the CLI's name).
    private static readonly string[] Layers =
        ["Telephony.Sip", "Telephony.Sdp", "Telephony.Media", "Telephony.Calls", "Telephony.Dialplan", "Telephony.Storage", "telephony"];

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private static IEnumerable<TestCaseData> Assemblies() =>
        Layers.Select(name => new TestCaseData(name).SetName("No_cast_to_another_layers_class_in_" + name.Replace('.', '_')));

    [TestCaseSource(nameof(Assemblies))]
    public void A_layer_never_casts_to_another_layers_concrete_type(string layer)
    {
        var assembly = Assembly.Load(layer);
        var violations = new List<string>();
        foreach (var type in assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                         .Cast<MethodBase>()
                         .Concat(type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)))
            {
                foreach (var target in CastTargets(method))
                {
                    if (IsLayerCrossingDowncast(assembly, target))
                    {
                        violations.Add($"{type.FullName}.{method.Name} casts to {target.FullName}");
                    }
                }
            }
        }

        Assert.That(violations.Distinct(), Is.Empty, "put the capability on an interface the owning layer declares");
    }

    /// <summary>
    /// Two ways to reach past another layer's contract: casting to its concrete class (a
    /// <c>Call</c> behind an <c>ICall</c>), or probing a value of its for a richer interface that
    /// extends one of its interfaces (an <c>IDialplanCall</c> behind an <c>ICall</c>). Telling the
    /// kinds of a closed message family apart (a <c>SipRequest</c> or <c>SipResponse</c> of an
    /// abstract <c>SipMessage</c>) is reading the owner's model, not reaching past it.
    /// </summary>
    private static bool IsLayerCrossingDowncast(Assembly caller, Type target)
    {
        if (target.IsValueType || typeof(Exception).IsAssignableFrom(target))
        {
            return false;
        }

        if (target.IsInterface)
        {
            return target.GetInterfaces().Any(i => i.Assembly != target.Assembly && IsLayer(i.Assembly));
        }

        return target.Assembly != caller && IsLayer(target.Assembly)
               && !(target.BaseType is { IsAbstract: true } parent && parent.Assembly == target.Assembly);
    }

    private static bool IsLayer(Assembly assembly) => assembly.GetName().Name is { } name && Layers.Contains(name);

    [Test]
    public void The_scan_finds_a_cast_when_there_is_one()
    {
        // Guards the scanner itself: this method's own IL has an isinst to a class of another assembly.
        var method = typeof(CastTests).GetMethod(nameof(Probe), BindingFlags.NonPublic | BindingFlags.Static)!;

        Assert.That(CastTargets(method), Does.Contain(typeof(Uri)));
    }

    private static bool Probe(object value) => value is Uri;

    /// <summary>The types named by isinst, castclass and unbox.any in a method's IL.</summary>
    private static IEnumerable<Type> CastTargets(MethodBase method)
    {
        byte[]? il;
        try
        {
            il = method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (Exception e) when (e is BadImageFormatException or InvalidOperationException)
        {
            yield break;
        }

        if (il is null)
        {
            yield break;
        }

        var position = 0;
        while (position < il.Length)
        {
            short value = il[position++];
            if (value == 0xFE)
            {
                value = (short)(0xFE00 | il[position++]);
            }

            var opcode = OpCodesByValue[value];
            var operandSize = OperandSize(opcode, il, position);
            if (opcode == OpCodes.Isinst || opcode == OpCodes.Castclass || opcode == OpCodes.Unbox_Any)
            {
                var token = BitConverter.ToInt32(il, position);
                Type? target = null;
                try
                {
                    target = method.Module.ResolveType(token, method.DeclaringType?.GetGenericArguments(), method.IsGenericMethod ? method.GetGenericArguments() : null);
                }
                catch (ArgumentException)
                {
                    // A generic parameter this context cannot resolve: not a concrete layer type.
                }

                if (target is not null)
                {
                    yield return target;
                }
            }

            position += operandSize;
        }
    }

    private static int OperandSize(OpCode opcode, byte[] il, int position) => opcode.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, position)),
        _ => 4,
    };
}
