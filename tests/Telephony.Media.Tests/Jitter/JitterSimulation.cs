using Telephony.Media.Jitter;

namespace Telephony.Media.Tests.Jitter;

/// <summary>Drives a jitter buffer on simulated time: packets put at their arrival times, one get every 20 ms.</summary>
internal sealed class JitterSimulation
{
    public const int FrameMs = 20;
    public const int FrameSamples = 160;

    private readonly byte[] _out = new byte[320];
    private readonly byte[] _payload = new byte[160];
    private readonly List<(double At, int N, uint Ssrc, ushort Seq, uint Ts)> _pending = [];
    private int _nextTick;

    public JitterSimulation(JitterBufferOptions? options = null) => Buffer = new JitterBuffer(options);

    public JitterBuffer Buffer { get; }

    public uint Ssrc { get; set; } = 0x1234;

    public ushort SeqBase { get; set; }

    public uint TsBase { get; set; } = 1000;

    /// <summary>Frame n's payload is loud unless this says it is quiet.</summary>
    public Func<int, bool> Quiet { get; set; } = _ => false;

    public List<(double At, JitterFrame Frame, int N)> Played { get; } = [];

    public List<JitterPutResult> PutResults { get; } = [];

    /// <summary>The result of putting frame n (the last, if sent more than once).</summary>
    public JitterPutResult ResultOf(int n) => _results[n];

    private readonly Dictionary<int, JitterPutResult> _results = [];

    public double NowMs => _nextTick * FrameMs;

    /// <summary>Frame n (sequence SeqBase + n, timestamp TsBase + 160 n) arriving at <paramref name="atMs"/>. Played frames are numbered back from their sequence number.</summary>
    public void Send(int n, double atMs) =>
        _pending.Add((atMs, n, Ssrc, (ushort)(SeqBase + n), unchecked(TsBase + (uint)(n * FrameSamples))));

    public void SendRaw(double atMs, ushort seq, uint ts, uint ssrc, int n) => _pending.Add((atMs, n, ssrc, seq, ts));

    /// <summary>Runs playout ticks up to (not including) <paramref name="untilMs"/>, putting packets as they arrive.</summary>
    public void RunUntil(double untilMs)
    {
        // Stable: packets sent at the same instant arrive in the order they were sent.
        var ordered = _pending.OrderBy(p => p.At).ToList();
        _pending.Clear();
        _pending.AddRange(ordered);
        var next = 0;
        while (NowMs < untilMs)
        {
            var now = NowMs;
            for (; next < _pending.Count && _pending[next].At <= now; next++)
            {
                var p = _pending[next];
                // μ-law 0xFF is digital silence, 0x10 a loud sample.
                _payload.AsSpan().Fill(Quiet(p.N) ? (byte)0xFF : (byte)0x10);
                var result = Buffer.Put(_payload, p.Seq, p.Ts, p.Ssrc, TimeSpan.FromMilliseconds(p.At));
                PutResults.Add(result);
                _results[p.N] = result;
            }

            var frame = Buffer.Get(TimeSpan.FromMilliseconds(now), _out);
            Played.Add((now, frame, frame.Status == JitterFrameStatus.Frame ? (ushort)(frame.SequenceNumber - SeqBase) : -1));
            _nextTick++;
        }

        _pending.RemoveRange(0, next);
    }

    /// <summary>The playout clock stalls: no get until <paramref name="ms"/>.</summary>
    public void StallUntil(double ms) => _nextTick = (int)(ms / FrameMs);

    public IEnumerable<JitterFrameStatus> Statuses => Played.Select(p => p.Frame.Status);

    /// <summary>What was heard, skipping the silence before the first frame: frame numbers, "M" missing, "I" inserted, "S" silence.</summary>
    public string Trace() =>
        string.Join(" ", Played.SkipWhile(p => p.Frame.Status == JitterFrameStatus.Silence).Select(p => p.Frame.Status switch
        {
            JitterFrameStatus.Frame => p.N.ToString(),
            JitterFrameStatus.Missing => "M",
            JitterFrameStatus.Inserted => "I",
            _ => "S",
        })).TrimEnd(' ', 'S', 'M');

    public IEnumerable<ushort> PlayedSequence => Played.Where(p => p.Frame.Status == JitterFrameStatus.Frame).Select(p => p.Frame.SequenceNumber);
}
