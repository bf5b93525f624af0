namespace Telephony.Interop.Tests;

/// <summary>A baresip softphone (Debian package baresip) with its own config folder on loopback.</summary>
internal sealed class Baresip : IDisposable
{
    private Baresip(string folder, int sipPort)
    {
        Folder = folder;
        SipPort = sipPort;
    }

    public string Folder { get; }

    public int SipPort { get; }

    /// <summary>
    /// Writes a config: SIP on 127.0.0.1 (baresip also takes port+1 for TLS, hence a block of
    /// ports), G.711 only, a prompt WAV as microphone, received audio to a file, and one account.
    /// </summary>
    public static Baresip Create(string account, bool autoAnswer = false, params string[] extraConfig)
    {
        ProcessRunner.Require("baresip", "baresip");
        var folder = Path.Combine(Path.GetTempPath(), "baresip-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var port = FreePorts.UdpBlock(10);
        File.WriteAllText(Path.Combine(folder, "config"), string.Join('\n', (string[])[
            "poll_method epoll",
            $"sip_listen 127.0.0.1:{port}",
            "net_interface 127.0.0.1",
            $"audio_player aufile,{Path.Combine(folder, "heard.wav")}",
            $"audio_source aufile,{Path.Combine(RepoPaths.Prompts, "welcome.wav")}",
            $"audio_alert aufile,{Path.Combine(folder, "alert.wav")}",
            "module_path /usr/lib/baresip/modules",
            "module g711.so",
            "module aufile.so",
            "module menu.so",
            "module account.so",
            .. extraConfig,
            string.Empty]));
        File.WriteAllText(Path.Combine(folder, "accounts"), account + (autoAnswer ? ";answermode=auto" : string.Empty) + "\n");
        return new Baresip(folder, port);
    }

    /// <summary>Runs baresip for <paramref name="seconds"/> with the given startup commands.</summary>
    public Task<ProcessRunner.Result> RunAsync(int seconds, params string[] commands)
    {
        var args = new List<string> { "-f", Folder, "-t", seconds.ToString() };
        foreach (var c in commands)
        {
            args.Add("-e");
            args.Add(c);
        }

        return ProcessRunner.RunAsync("baresip", args, TimeSpan.FromSeconds(seconds + 20));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
