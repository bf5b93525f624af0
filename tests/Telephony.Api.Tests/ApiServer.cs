using System.Net.Http.Headers;
using Telephony.Api.Auth;
using Telephony.Api.Dialplans;
using Telephony.Api.Metrics;
using Telephony.Calls.Events;
using Telephony.Storage.Cdr;
using Telephony.Storage.Sqlite;

namespace Telephony.Api.Tests;

/// <summary>
/// A real API on a real Kestrel listener (loopback, a port the OS picks), with a real event hub, a
/// real SQLite CDR store in a temporary folder, the real dialplan loader, and the scripted call
/// control double. One per test class.
/// </summary>
internal sealed class ApiServer : IAsyncDisposable
{
    public const string AdminToken = "admin-token-0123456789";
    public const string SupervisorToken = "supervisor-token-0123456789";
    public const string AgentToken = "agent-token-0123456789";

    private readonly string _folder;

    private ApiServer(string folder, ApiHost host, CallEventHub events, SqliteDatabase db, SqliteCdrStore store, ScriptedCallControl calls, string dialplans, FakeSources sources)
    {
        _folder = folder;
        Host = host;
        Events = events;
        Database = db;
        Store = store;
        Calls = calls;
        DialplanFolder = dialplans;
        Sources = sources;
        Client = Create(null);
    }

    public ApiHost Host { get; }

    public CallEventHub Events { get; }

    public SqliteDatabase Database { get; }

    public SqliteCdrStore Store { get; }

    public ScriptedCallControl Calls { get; }

    public string DialplanFolder { get; }

    public FakeSources Sources { get; }

    /// <summary>A client without a token.</summary>
    public HttpClient Client { get; }

    public static async Task<ApiServer> StartAsync(Func<ApiOptions, ApiOptions>? configure = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "telephony-api-" + Guid.NewGuid().ToString("N"));
        var dialplans = Path.Combine(folder, "dialplans");
        Directory.CreateDirectory(dialplans);
        File.Copy(Path.Combine(RepoRoot(), "dialplans", "demo.yaml"), Path.Combine(dialplans, "demo.yaml"));
        await File.WriteAllTextAsync(Path.Combine(dialplans, "broken.yaml"), "flows:\n  main:\n    - plya: welcome\n");
        var db = SqliteDatabase.Open(Path.Combine(folder, "data"));
        var store = new SqliteCdrStore(db);
        var events = new CallEventHub();
        var calls = new ScriptedCallControl(events, store, TimeProvider.System);
        var sources = new FakeSources();
        var options = new ApiOptions("127.0.0.1:0", TokensFile.Parse("test-tokens", $"admin:{AdminToken}\nsupervisor:{SupervisorToken}\nagent:{AgentToken}\n"));
        options = configure?.Invoke(options) ?? options;
        var services = new ApiServices(calls, calls, events, new SqliteCdrSearch(db), new DialplanFolderCatalog(dialplans, null), sources.ToSources())
        {
            Transcripts = new Telephony.Storage.Transcripts.SqliteTranscriptSearch(db),
        };
        var host = await TelephonyApi.StartAsync(options, services);
        return new ApiServer(folder, host, events, db, store, calls, dialplans, sources);
    }

    /// <summary>A client that sends <paramref name="token"/> as its bearer token (none when null).</summary>
    public HttpClient Create(string? token)
    {
        var client = new HttpClient { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Waits until the CDR writer has committed <paramref name="count"/> records.</summary>
    public async Task WaitForCdrsAsync(long count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Store.Written < count)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"the CDR store wrote {Store.Written} of {count} records");
            await Task.Delay(10);
        }
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Telephony.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Telephony.sln not found above " + AppContext.BaseDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        await Store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>TEST DOUBLE of the SIP/media counters: values the tests set, read by the real metrics at scrape time.</summary>
internal sealed class FakeSources
{
    public Dictionary<string, long> Requests { get; } = new() { ["INVITE"] = 0 };

    public Dictionary<int, long> Responses { get; } = [];

    public long Retransmissions { get; set; }

    public long Bans { get; set; }

    /// <summary>When set, reading the bans throws (a bug in another layer's counter).</summary>
    public bool BansFail { get; set; }

    public long TapDrops { get; set; }

    public long[] ClockBins { get; } = new long[1001];

    /// <summary>A real speech worker pool whose counters /metrics reports; null reports none.</summary>
    public Telephony.Speech.Workers.SpeechWorkerPool<int>? SpeechPool { get; set; }

    public ApiMetricSources ToSources() => new(
        Sip: () => new SipCounters(new Dictionary<string, long>(Requests), new Dictionary<int, long>(Responses), Retransmissions),
        SecurityDrops: () => new Dictionary<string, long> { ["rate_limited"] = 3, ["scanner"] = 1 },
        SecurityBans: () => BansFail ? throw new InvalidOperationException("bans broke") : Bans,
        RtpPackets: () => new Dictionary<string, long> { ["received"] = 1000, ["sent"] = 990 },
        TapFramesDropped: () => TapDrops,
        MediaClockLateness: () => new MediaClockLateness(0.0001, [.. ClockBins]),
        SpeechPool: () => SpeechPool?.Stats is { } p
            ? new SpeechPoolCounters(p.Workers, p.Queued, p.Completed, p.Failed, p.Rejected,
                [.. Telephony.Speech.Workers.SpeechWorkerPoolStats.QueueWaitBucketBounds.Select(b => b.TotalSeconds)], p.QueueWaitBuckets, p.QueueWaitTotal.TotalSeconds)
            : new SpeechPoolCounters(0, 0, 0, 0, 0, [], [], 0));
}
