using Telephony.Queues.Routing;

namespace Telephony.Queues.Config;

/// <summary>How delivery modes are spelled in the queues file (<c>delivery: bridge|refer</c>).</summary>
public static class DeliveryNames
{
    private static readonly (string Name, DeliveryKind Kind)[] All =
    [
        ("bridge", DeliveryKind.Bridge),
        ("refer", DeliveryKind.Refer),
    ];

    /// <summary>Every name, in the order the docs list them.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(a => a.Name).ToArray();

    public static bool TryParse(string name, out DeliveryKind kind)
    {
        foreach (var (n, k) in All)
        {
            if (n == name)
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }

    public static string NameOf(DeliveryKind kind) => All.First(a => a.Kind == kind).Name;
}
