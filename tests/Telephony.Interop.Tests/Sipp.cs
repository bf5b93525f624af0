namespace Telephony.Interop.Tests;

/// <summary>Runs sipp (Debian package sip-tester) against a server; sipp exits 0 only when every call succeeded.</summary>
internal static class Sipp
{
    public static Task<ProcessRunner.Result> RunAsync(ServerProcess server, TimeSpan timeout, params string[] args) =>
        RunToAsync(server.SipPort, timeout, args);

    /// <summary>Runs sipp against a loopback port that leads to the server (its own, or a tunnel in front of it).</summary>
    public static Task<ProcessRunner.Result> RunToAsync(int port, TimeSpan timeout, params string[] args) =>
        RunCoreAsync(port, timeout, FreePorts.UdpBlock(6), args);

    /// <summary>Runs sipp with its media on <paramref name="media"/> (the first of 6 free ports), so a capture can watch what the server sends it.</summary>
    public static Task<ProcessRunner.Result> RunWithMediaAsync(ServerProcess server, TimeSpan timeout, int media, params string[] args) =>
        RunCoreAsync(server.SipPort, timeout, media, args);

    private static async Task<ProcessRunner.Result> RunCoreAsync(int port, TimeSpan timeout, int media, string[] args)
    {
        var sipp = ProcessRunner.Require("sipp", "sip-tester");
        var local = FreePorts.Sip();
        var all = new List<string>
        {
            $"127.0.0.1:{port}", "-i", "127.0.0.1", "-p", local.ToString(), "-mi", "127.0.0.1", "-mp", media.ToString(),
            "-timeout", ((int)timeout.TotalSeconds).ToString() + "s", "-timeout_error", "-nostdin",
        };
        all.AddRange(args);
        return await ProcessRunner.RunAsync(sipp, all, timeout + TimeSpan.FromSeconds(15), RepoPaths.Root);
    }
}
