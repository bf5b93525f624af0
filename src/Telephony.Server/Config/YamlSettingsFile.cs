using Microsoft.Extensions.Configuration;
using Telephony.Dialplan.Diagnostics;
using Telephony.Server.Cli;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Telephony.Server.Config;

/// <summary>
/// The config file (<c>telephony.yaml</c>): a flat YAML mapping whose keys are the flag names
/// without dashes. Every value remembers its line and column so a bad one is reported where it is;
/// unknown keys are errors (a typo would otherwise silently fall back to a default).
/// </summary>
internal sealed class YamlSettingsFile : ConfigurationProvider, IConfigurationSource, ISettingOrigin
{
    private readonly string _path;
    private readonly IReadOnlyCollection<string> _known;
    private readonly Dictionary<string, Mark> _marks = new(StringComparer.OrdinalIgnoreCase);

    public YamlSettingsFile(string path, IReadOnlyCollection<string> known)
    {
        _path = path;
        _known = known;
    }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    public string Describe(string key) =>
        _marks.TryGetValue(key, out var at) ? $"{_path}:{at.Line}:{at.Column}: error: {key}" : $"{_path}: error: {key}";

    public override void Load()
    {
        string text;
        try
        {
            text = File.ReadAllText(_path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--config: cannot read {_path}: {e.Message}");
        }

        var errors = new List<string>();
        void Error(Mark at, string message) => errors.Add($"{_path}:{at.Line}:{at.Column}: error: {message}");
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new UsageException($"{_path}:{e.Start.Line}:{e.Start.Column}: error: not valid YAML: {e.Message}");
        }

        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is { } root && !IsEmpty(root))
        {
            if (root is not YamlMappingNode mapping)
            {
                throw new UsageException($"{_path}:{root.Start.Line}:{root.Start.Column}: error: expected 'key: value' lines (e.g. 'sip-port: 5070')");
            }

            foreach (var (keyNode, valueNode) in mapping.Children)
            {
                var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
                if (!_known.Contains(key))
                {
                    var hint = Hints.Closest(key, _known) is { } close ? $" (did you mean '{close}'?)" : string.Empty;
                    Error(keyNode.Start, $"unknown key '{key}'{hint}");
                    continue;
                }

                var value = valueNode switch
                {
                    YamlScalarNode s => s.Value ?? string.Empty,

                    // A list reads as the comma-separated form the flag takes (trusted, dns-servers, ...).
                    YamlSequenceNode list when list.Children.All(c => c is YamlScalarNode) =>
                        string.Join(',', list.Children.Select(c => ((YamlScalarNode)c).Value)),
                    _ => null,
                };
                if (value is null)
                {
                    Error(valueNode.Start, $"{key} takes one value (or a list of values)");
                    continue;
                }

                data[key] = value;
                _marks[key] = valueNode.Start;
            }
        }

        if (errors.Count > 0)
        {
            throw new UsageException(errors.Count == 1 ? errors[0] : "invalid config file:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }

        Data = data;
    }

    private static bool IsEmpty(YamlNode node) => node is YamlScalarNode { Value: null or "" };
}
