using System.CommandLine;
using System.Net;
using System.Text.Json;
using Telephony.Server.Cli;
using Telephony.Server.Commands.Api;

namespace Telephony.Server.Commands;

/// <summary>
/// <c>telephony agent list|login|logout|pause|unpause|explain</c>: the agents of a running server
/// (the <c>/agents</c> routes of its API).
/// </summary>
internal static class AgentCommand
{
    public static Command Create()
    {
        var agent = new Command("agent", "Agents of a running server (agent list|login|logout|pause|unpause|explain)")
        {
            List(),
            Steer("login", "Log an agent in: available once their softphone is registered.", "login"),
            Steer("logout", "Log an agent out: offered no more calls (a call they are on goes on).", "logout"),
            Pause(),
            Steer("unpause", "End an agent's pause.", "unpause"),
            Explain(),
        };
        return agent;
    }

    private const string ChangeHelp = "Prints 'NAME: STATUS' after the change, with '(unchanged)' when there was nothing to change; 'no agent NAME' when the server has no such agent (exit 1).";

    private static Command List()
    {
        var client = new ClientOptions();
        var json = Flags.Create("json", null, "one JSON object per line, as the API gives each agent (name, sip_user, status, status_since, status_cause, logged_in, registered, pause_reason, wrap_up_queue, wrap_up_until, engaged, queues, skills, answered_today, talk_time_today_seconds)");
        var list = new Command("list", $"""
            List the agents of a running server with their status.
            A table by default: NAME, STATUS, SINCE (UTC), SIP USER, QUEUES (name/tier), NOTE (pause reason, wrap-up end, the call the phone is engaged in).
            {ClientOptions.Help}
            """) { json };
        client.AddTo(list);
        list.SetAction(async (r, cancel) =>
        {
            using var api = client.Client(r);
            var (status, body) = await api.SendAsync(HttpMethod.Get, "/agents", null, cancel);
            if (status != HttpStatusCode.OK || !body.TryGetProperty("agents", out var agents) || agents.ValueKind != JsonValueKind.Array)
            {
                throw new ApiException(1, $"the server did not list its agents ({(int)status}{ApiClient.Detail(body)})");
            }

            if (Flags.Switch(r, json))
            {
                foreach (var one in agents.EnumerateArray())
                {
                    await Console.Out.WriteLineAsync(one.GetRawText());
                }

                return 0;
            }

            await Console.Out.WriteLineAsync($"{"NAME",-16}  {"STATUS",-9}  {"SINCE (UTC)",-20}  {"SIP USER",-12}  {"QUEUES",-24}  NOTE");
            foreach (var one in agents.EnumerateArray())
            {
                var queues = string.Join(',', one.GetProperty("queues").EnumerateArray().Select(q => $"{ApiClient.Text(q, "queue")}/{ApiClient.Number(q, "tier")}"));
                await Console.Out.WriteLineAsync(
                    $"{ApiClient.Text(one, "name"),-16}  {ApiClient.Text(one, "status"),-9}  {Clock(ApiClient.Text(one, "status_since")),-20}  {ApiClient.Text(one, "sip_user"),-12}  {queues,-24}  {Note(one)}".TrimEnd());
            }

            return 0;
        });
        return list;
    }

    private static Command Steer(string verb, string summary, string route)
    {
        var client = new ClientOptions();
        var name = NameArgument();
        var command = new Command(verb, $"""
            {summary}
            {ChangeHelp}
            {ClientOptions.Help}
            """) { name };
        client.AddTo(command);
        command.SetAction(async (r, cancel) =>
        {
            var agent = OneName(r, name, verb);
            using var api = client.Client(r);
            return await ChangeAsync(api, agent, route, null, cancel);
        });
        return command;
    }

    private static Command Pause()
    {
        var client = new ClientOptions();
        var name = NameArgument();
        var reason = Flags.Create("reason", "CODE", "why, as a short code reports group by: lunch, training, after-call (1 to 32 lowercase letters, digits and '-'; default break)");
        var pause = new Command("pause", $"""
            Pause an agent with a reason code: offered no calls until unpaused.
            During a call the pause takes effect when the call ends. {ChangeHelp}
            {ClientOptions.Help}
            """) { name, reason };
        client.AddTo(pause);
        pause.SetAction(async (r, cancel) =>
        {
            var agent = OneName(r, name, "pause");
            using var api = client.Client(r);
            return await ChangeAsync(api, agent, "pause", new { reason = Flags.Value(r, reason) ?? "break" }, cancel);
        });
        return pause;
    }

    private static Command Explain()
    {
        var client = new ClientOptions();
        var name = NameArgument();
        var json = Flags.Create("json", null, "the API's answer as one JSON object (agent, status, queues: queue, tier, eligible, hold_backs: code, text, until)");
        var explain = new Command("explain", $"""
            Say why an agent is not getting calls.
            Prints 'NAME: STATUS', then one line per queue they answer: 'QUEUE (tier N): eligible', or every rule holding them back as CODE: SENTENCE (paused, wrap-up until T, not registered, on a call from another queue, ...). 'no agent NAME' when the server has no such agent (exit 1).
            {ClientOptions.Help}
            """) { name, json };
        client.AddTo(explain);
        explain.SetAction(async (r, cancel) =>
        {
            var agent = OneName(r, name, "explain");
            using var api = client.Client(r);
            var (status, body) = await api.SendAsync(HttpMethod.Get, $"/agents/{Uri.EscapeDataString(agent)}/explain", null, cancel);
            if (NotFound(status, body, agent) is { } missing)
            {
                await Console.Out.WriteLineAsync(missing);
                return 1;
            }

            if (status != HttpStatusCode.OK)
            {
                throw new ApiException(1, $"the server did not explain agent {agent} ({(int)status}{ApiClient.Detail(body)})");
            }

            if (Flags.Switch(r, json))
            {
                await Console.Out.WriteLineAsync(body.GetRawText());
                return 0;
            }

            await Console.Out.WriteLineAsync($"{ApiClient.Text(body, "agent")}: {ApiClient.Text(body, "status")}");
            foreach (var queue in body.GetProperty("queues").EnumerateArray())
            {
                var holdBacks = queue.GetProperty("hold_backs").EnumerateArray().ToList();
                var head = $"  {ApiClient.Text(queue, "queue")} (tier {ApiClient.Number(queue, "tier")})";
                if (holdBacks.Count == 0)
                {
                    await Console.Out.WriteLineAsync(head + ": eligible");
                }
                else
                {
                    foreach (var holdBack in holdBacks)
                    {
                        await Console.Out.WriteLineAsync($"{head}: {ApiClient.Text(holdBack, "code")}: {ApiClient.Text(holdBack, "text")}");
                    }
                }
            }

            return 0;
        });
        return explain;
    }

    private static async Task<int> ChangeAsync(ApiClient api, string agent, string route, object? body, CancellationToken cancel)
    {
        var (status, answer) = await api.SendAsync(HttpMethod.Post, $"/agents/{Uri.EscapeDataString(agent)}/{route}", body, cancel);
        if (NotFound(status, answer, agent) is { } missing)
        {
            await Console.Out.WriteLineAsync(missing);
            return 1;
        }

        if (status == HttpStatusCode.BadRequest)
        {
            throw ApiClient.Refused(status, answer, $"to {route} agent {agent}");
        }

        if (status != HttpStatusCode.OK || !answer.TryGetProperty("agent", out var after))
        {
            throw new ApiException(1, $"the server did not {route} agent {agent} ({(int)status}{ApiClient.Detail(answer)})");
        }

        var changed = answer.TryGetProperty("changed", out var c) && c.ValueKind == JsonValueKind.True;
        await Console.Out.WriteLineAsync($"{agent}: {ApiClient.Text(after, "status")}{(changed ? string.Empty : " (unchanged)")}");
        return 0;
    }

    /// <summary>For a 404, the line to print (exit 1): 'no agent NAME', or the server's reason when it serves no queues at all; null otherwise.</summary>
    private static string? NotFound(HttpStatusCode status, JsonElement body, string agent)
    {
        if (status != HttpStatusCode.NotFound)
        {
            return null;
        }

        var detail = ApiClient.Text(body, "detail");
        return detail is null || detail.StartsWith("no agent", StringComparison.Ordinal) ? $"no agent {agent}" : detail;
    }

    private static Argument<string[]> NameArgument() =>
        new("NAME") { Description = "the agent's name (as the queues file and 'agent list' give it)", Arity = ArgumentArity.ZeroOrMore };

    private static string OneName(ParseResult r, Argument<string[]> name, string verb)
    {
        var names = r.GetValue(name) ?? [];
        return names.Length switch
        {
            1 => names[0],
            0 => throw new UsageException($"agent {verb} needs the agent's NAME"),
            _ => throw new UsageException($"agent {verb} takes one NAME (got '{names[1]}' too)"),
        };
    }

    private static string Clock(string? iso) =>
        iso is not null && DateTimeOffset.TryParse(iso, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)
            : "-";

    private static string Note(JsonElement agent)
    {
        if (ApiClient.Text(agent, "pause_reason") is { } reason)
        {
            return "paused: " + reason;
        }

        if (ApiClient.Text(agent, "wrap_up_until") is { } until)
        {
            return $"wrap-up ({ApiClient.Text(agent, "wrap_up_queue")}) until {Clock(until)}";
        }

        if (agent.TryGetProperty("engaged", out var engaged) && engaged.ValueKind == JsonValueKind.Object)
        {
            return $"{ApiClient.Text(engaged, "queue")}: {ApiClient.Text(engaged, "caller_id")}";
        }

        return agent.TryGetProperty("registered", out var registered) && registered.ValueKind == JsonValueKind.False ? "no softphone registered" : string.Empty;
    }
}
