using System.Runtime.InteropServices;
using Telephony.Server.Cli;
using Telephony.Server.Hosting;

namespace Telephony.Server.Commands;

/// <summary><c>telephony serve</c>: runs the engine until SIGINT/SIGTERM.</summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var line = CommandLine.Parse(
            args,
            ["--sip-port", "--bind", "--advertise", "--data", "--dialplans", "--prompts", "--rtp-ports", "--ring-time", "--digit-timeout",
             "--rate-limit", "--ban-seconds", "--trusted", "--max-message-bytes", "--users", "--realm", "--digest-algorithms", "--tls-cert", "--tls-key", "--tls-port", "--trunks", "--tls-ca", "--dns-servers", "--sip-t1", "--sip-t2", "--sip-t4", "--rtp-timeout", "--record", "--tone-plan"],
            ["--quiet"]);
        if (line.Help)
        {
            Console.Out.Write(HelpText.Serve + Environment.NewLine);
            return 0;
        }

        if (line.Positional.Count > 0)
        {
            throw new UsageException($"serve takes no arguments (got '{line.Positional[0]}')");
        }

        var options = ServeOptions.From(line);
        await using var server = new TelephonyServer(options, ConsoleLog.Write);
        try
        {
            server.Start();
        }
        catch (System.Net.Sockets.SocketException e)
        {
            ConsoleLog.Write($"error: cannot listen on port {options.SipPort}: {e.Message}");
            return 1;
        }

        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
        using var ticker = new PeriodicTimer(TimeSpan.FromSeconds(60));
        var lastStatus = string.Empty;
        while (!stop.Task.IsCompleted)
        {
            var tick = ticker.WaitForNextTickAsync().AsTask();
            await Task.WhenAny(stop.Task, tick);
            var status = server.Status();
            if (tick.IsCompleted && status != lastStatus && !options.Quiet)
            {
                ConsoleLog.Write("status: " + status);
                lastStatus = status;
            }
        }

        ConsoleLog.Write("telephony: stopping");
        await server.DisposeAsync();
        ConsoleLog.Write("telephony: stopped; " + server.Status());
        return 0;
    }
}
