using System.Globalization;
using Telephony.Dialplan.Model;
using Telephony.Dialplan.Model.Steps;

namespace Telephony.Dialplan.Runtime;

/// <summary>
/// The variables of one call: built-ins computed from the call and the clock, the file's
/// <c>variables:</c>, what steps assign, and a stack of subflow parameter frames (parameters
/// belong to their subflow; every other variable is shared with the call).
/// </summary>
/// <remarks>Used by one flow task at a time; not thread-safe.</remarks>
public sealed class CallVariables : IEvaluationScope
{
    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);
    private readonly Stack<Dictionary<string, object?>> _frames = new();
    private readonly DialplanModel _model;
    private readonly CallInfo _call;
    private readonly TimeProvider _time;

    public CallVariables(DialplanModel model, CallInfo call, TimeProvider time)
    {
        _model = model;
        _call = call;
        _time = time;
        _values["language"] = model.Language;
        _values["voice"] = model.Voice ?? string.Empty;
        _values["input"] = string.Empty;
        _values["input_mode"] = string.Empty;
        _values["http_status"] = 0m;
        foreach (var (name, value) in model.Variables)
        {
            _values[name] = ExpressionEvaluator.Render(value, this);
        }
    }

    /// <summary>Told of every assignment (the simulator's transcript shows them).</summary>
    public Action<string, object?>? OnSet { get; set; }

    public string Language => Values.ToText(Read("language"));

    public string? Voice => Read("voice") is string { Length: > 0 } v ? v : null;

    public object? Read(string name)
    {
        if (_frames.TryPeek(out var frame) && frame.TryGetValue(name, out var parameter))
        {
            return parameter;
        }

        var local = TimeZoneInfo.ConvertTime(_time.GetUtcNow(), _model.TimeZone);
        return name switch
        {
            "caller" => _call.Caller,
            "caller_name" => _call.CallerName,
            "did" => _call.Did,
            "call_id" => _call.CallId,
            "time" => local.ToString("HH:mm", CultureInfo.InvariantCulture),
            "date" => local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "weekday" => local.DayOfWeek.ToString()[..3].ToLowerInvariant(),
            _ => _values.GetValueOrDefault(name, string.Empty),
        };
    }

    /// <summary>Assigns a variable: a parameter of the running subflow when it is one, else the call's.</summary>
    public void Set(string name, object? value)
    {
        if (_frames.TryPeek(out var frame) && frame.ContainsKey(name))
        {
            frame[name] = value;
        }
        else
        {
            _values[name] = value;
        }

        OnSet?.Invoke(name, value);
    }

    /// <summary>Records a menu choice or gathered input in <c>input</c> and <c>input_mode</c>.</summary>
    public void SetInput(string value, string mode)
    {
        _values["input"] = value;
        _values["input_mode"] = mode;
    }

    public string Header(string name) => _call.Header(name);

    public bool IsOpen(string window) => _model.Hours.TryGetValue(window, out var hours) && hours.IsOpen(_time.GetUtcNow());

    /// <summary>Enters a subflow: its parameters get the arguments (evaluated in the caller's frame) or their defaults.</summary>
    public void PushFrame(Flow flow, IReadOnlyList<Argument> arguments)
    {
        var frame = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var parameter in flow.Parameters)
        {
            var argument = arguments.FirstOrDefault(a => a.Parameter == parameter.Name);
            frame[parameter.Name] = argument is not null ? ExpressionEvaluator.Render(argument.Value, this)
                : parameter.Default is { } d ? ExpressionEvaluator.Render(d, this) : string.Empty;
        }

        _frames.Push(frame);
    }

    public void PopFrame() => _frames.TryPop(out _);
}
