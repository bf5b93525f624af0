using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Telephony.Server.Cli;
using Telephony.Server.Commands.Api;
using Telephony.Sip.Messages;

namespace Telephony.Server.Commands;

/// <summary>
/// <c>telephony call TO</c>: asks a running server to place a call (POST /calls), then follows it
/// (GET /calls/{id} every 200 ms) and prints its progress and outcome.
/// </summary>
internal static class CallCommand
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(200);

    public static Command Create()
    {
        var client = new ClientOptions();
        var to = new Argument<string[]>("TO") { Description = "whom to call: sip:user@host[:port] or a number (routed over a trunk)", Arity = ArgumentArity.ZeroOrMore };
        var from = Flags.Create("from", "N", "the caller's number or user (default: the server's choice)");
        var trunk = Flags.Create("trunk", "NAME", "the trunk to call over (default: the server's choice)");
        var flow = Flags.Create("flow", "NAME", "the dialplan flow to run once answered (dialplan/flow or flow)");
        var variable = Flags.Repeated("var", "NAME=VALUE", "a variable for the flow; may be repeated");
        var timeout = Flags.Create("timeout", "S", "how long to let it ring, 1-600 seconds (default: the server's, 30)");
        var call = new Command("call", $"""
            Place a call from a running server and follow it to its outcome.
            Prints the call's id and each state it reaches, then 'answered' (exit 0) or how it failed: 'busy (486)', 'no answer (487)', 'failed (503 Service Unavailable)' (exit 1).
            {ClientOptions.Help}
            """) { to, from, trunk, flow, variable, timeout };
        client.AddTo(call);
        call.SetAction(async (r, cancel) =>
        {
            var targets = r.GetValue(to) ?? [];
            if (targets.Length != 1)
            {
                throw new UsageException(targets.Length == 0 ? "call needs TO (sip:user@host or a number)" : $"call takes one TO (got '{targets[1]}' too)");
            }

            var seconds = Flags.Value(r, timeout) is { } t ? ParseTimeout(t) : (int?)null;
            var request = new Dictionary<string, object?>
            {
                ["to"] = targets[0],
                ["from"] = Flags.Value(r, from),
                ["trunk"] = Flags.Value(r, trunk),
                ["flow"] = Flags.Value(r, flow),
                ["variables"] = Variables(r.GetValue(variable) ?? []),
                ["timeout"] = seconds,
            };
            using var api = client.Client(r);
            return await RunAsync(api, request, TimeSpan.FromSeconds((seconds ?? 30) + 60), Console.Out, cancel);
        });
        return call;
    }

    /// <summary>Places the call and follows it; <paramref name="patience"/> bounds the whole wait.</summary>
    public static async Task<int> RunAsync(ApiClient api, IReadOnlyDictionary<string, object?> request, TimeSpan patience, TextWriter output, CancellationToken cancel)
    {
        var (status, body) = await api.SendAsync(HttpMethod.Post, "/calls", request, cancel);
        if (status != HttpStatusCode.Accepted && status != HttpStatusCode.OK && status != HttpStatusCode.Created)
        {
            throw (int)status is >= 400 and < 500
                ? ApiClient.Refused(status, body, "the call")
                : new ApiException(1, $"the server could not place the call ({(int)status}{ApiClient.Detail(body)})");
        }

        var id = ApiClient.Text(body, "id") ?? throw new ApiException(1, "the server accepted the call but gave no id");
        await output.WriteLineAsync($"call {id}: {ApiClient.Text(body, "state") ?? "setup"}");
        var deadline = DateTime.UtcNow + patience;
        var last = ApiClient.Text(body, "state");
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(PollEvery, cancel);
            var (pollStatus, call) = await api.SendAsync(HttpMethod.Get, "/calls/" + Uri.EscapeDataString(id), null, cancel);
            if (pollStatus == HttpStatusCode.NotFound)
            {
                await output.WriteLineAsync("failed (the server no longer knows the call)");
                return 1;
            }

            if (pollStatus != HttpStatusCode.OK)
            {
                continue;
            }

            var state = ApiClient.Text(call, "state");
            switch (state)
            {
                case "answered" or "bridged":
                    await output.WriteLineAsync("answered");
                    return 0;
                case "ended":
                    await output.WriteLineAsync(Outcome(call));
                    return 1;
                default:
                    if (state != last && state is not null)
                    {
                        await output.WriteLineAsync($"call {id}: {state}");
                        last = state;
                    }

                    break;
            }
        }

        await output.WriteLineAsync($"failed (no outcome within {patience.TotalSeconds:0} s)");
        return 1;
    }

    /// <summary>"busy (486)", "no answer (487)", "failed (503 Service Unavailable)".</summary>
    public static string Outcome(JsonElement ended)
    {
        var code = ApiClient.Number(ended, "sip_status");
        var cause = ApiClient.Text(ended, "cause");
        return (cause, code) switch
        {
            ("busy", _) or (_, 486 or 600) => $"busy ({code ?? 486})",
            ("no-answer" or "no answer" or "timeout", _) or (_, 487 or 408 or 480) => $"no answer ({code ?? 487})",
            (_, { } c) => string.Create(CultureInfo.InvariantCulture, $"failed ({c} {SipStatus.ReasonPhrase(c)})"),
            _ => $"failed ({cause ?? "no status"})",
        };
    }

    private static int ParseTimeout(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s is >= 1 and <= 600
            ? s
            : throw new UsageException($"--timeout must be a whole number of seconds from 1 to 600 (got '{text}')");

    private static Dictionary<string, string>? Variables(string[] pairs)
    {
        if (pairs.Length == 0)
        {
            return null;
        }

        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0)
            {
                throw new UsageException($"--var takes NAME=VALUE (got '{pair}')");
            }

            variables[pair[..at]] = pair[(at + 1)..];
        }

        return variables;
    }
}
