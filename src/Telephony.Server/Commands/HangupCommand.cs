using System.CommandLine;
using System.Net;
using Telephony.Server.Cli;
using Telephony.Server.Commands.Api;

namespace Telephony.Server.Commands;

/// <summary><c>telephony hangup ID</c>: ends a live call of a running server (DELETE /calls/{id}).</summary>
internal static class HangupCommand
{
    public static Command Create()
    {
        var client = new ClientOptions();
        var id = new Argument<string[]>("ID") { Description = "the call's id (its SIP Call-ID, as 'telephony calls' shows)", Arity = ArgumentArity.ZeroOrMore };
        var hangup = new Command("hangup", $"""
            End a live call of a running server.
            Prints 'ID: ending' (exit 0), or 'no call ID' when the server has no such live call (exit 1).
            {ClientOptions.Help}
            """) { id };
        client.AddTo(hangup);
        hangup.SetAction(async (r, cancel) =>
        {
            var ids = r.GetValue(id) ?? [];
            if (ids.Length != 1)
            {
                throw new UsageException(ids.Length == 0 ? "hangup needs the call's ID" : $"hangup takes one ID (got '{ids[1]}' too)");
            }

            using var api = client.Client(r);
            return await RunAsync(api, ids[0], Console.Out, cancel);
        });
        return hangup;
    }

    public static async Task<int> RunAsync(ApiClient api, string id, TextWriter output, CancellationToken cancel)
    {
        var (status, body) = await api.SendAsync(HttpMethod.Delete, "/calls/" + Uri.EscapeDataString(id), null, cancel);
        switch (status)
        {
            case HttpStatusCode.Accepted or HttpStatusCode.OK or HttpStatusCode.NoContent:
                await output.WriteLineAsync($"{id}: {ApiClient.Text(body, "state") ?? "ending"}");
                return 0;
            case HttpStatusCode.NotFound:
                await output.WriteLineAsync($"no call {id}");
                return 1;
            default:
                throw new ApiException(1, $"the server did not hang up {id} ({(int)status}{ApiClient.Detail(body)})");
        }
    }
}
