using System.CommandLine;
using System.Net;
using System.Text.Json;
using Telephony.Server.Cli;
using Telephony.Server.Commands.Api;

namespace Telephony.Server.Commands;

/// <summary><c>telephony calls</c>: the live calls of a running server (GET /calls), as a table or JSON lines.</summary>
internal static class CallsCommand
{
    public static Command Create()
    {
        var client = new ClientOptions();
        var json = Flags.Create("json", null, "one JSON object per line, as the API gives each call (id, direction, state, from, to, started_at, answered_at, codec, flow, step, peer_call_id, trunk, quality, legs)");
        var calls = new Command("calls", $"""
            List the live calls of a running server.
            A table by default: ID, DIRECTION, STATE, STARTED (UTC), FROM -> TO, FLOW/STEP.
            {ClientOptions.Help}
            """) { json };
        client.AddTo(calls);
        calls.SetAction(async (r, cancel) =>
        {
            using var api = client.Client(r);
            return await RunAsync(api, Flags.Switch(r, json), Console.Out, cancel);
        });
        return calls;
    }

    public static async Task<int> RunAsync(ApiClient api, bool asJson, TextWriter output, CancellationToken cancel)
    {
        var (status, body) = await api.SendAsync(HttpMethod.Get, "/calls", null, cancel);
        if (status != HttpStatusCode.OK || body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("calls", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new ApiException(1, $"the server did not list its calls ({(int)status}{ApiClient.Detail(body)})");
        }

        if (asJson)
        {
            foreach (var call in list.EnumerateArray())
            {
                await output.WriteLineAsync(call.GetRawText());
            }

            return 0;
        }

        await output.WriteLineAsync($"{"ID",-36}  {"DIRECTION",-9}  {"STATE",-8}  {"STARTED (UTC)",-24}  FROM -> TO  FLOW/STEP");
        foreach (var call in list.EnumerateArray())
        {
            var flow = ApiClient.Text(call, "step") ?? ApiClient.Text(call, "flow") ?? "-";
            await output.WriteLineAsync(
                $"{ApiClient.Text(call, "id"),-36}  {ApiClient.Text(call, "direction"),-9}  {ApiClient.Text(call, "state"),-8}  {ApiClient.Text(call, "started_at") ?? "-",-24}  " +
                $"{ApiClient.Text(call, "from")} -> {ApiClient.Text(call, "to")}  {flow}");
        }

        return 0;
    }
}
