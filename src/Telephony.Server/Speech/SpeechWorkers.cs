using Telephony.Calls.Speech;
using Telephony.Speech.Workers;

namespace Telephony.Server.Speech;

/// <summary>
/// The server's one pool of speech threads (one per core, a bounded queue) behind the calls'
/// <see cref="ISpeechWorkers"/>: every call's turns run their detector and recogniser here, and a
/// full queue refuses at once, counted in <see cref="Stats"/> (and so on /metrics).
/// </summary>
internal sealed class SpeechWorkers : ISpeechWorkers, IDisposable
{
    private readonly SpeechWorkerPool<ISpeechWorkItem> _pool;

    public SpeechWorkers(SpeechWorkerPoolOptions? options, Action<string>? log) =>
        _pool = new SpeechWorkerPool<ISpeechWorkItem>(static item => item.Run(), options ?? new SpeechWorkerPoolOptions(), log);

    public SpeechWorkerPoolStats Stats => _pool.Stats;

    public bool TrySchedule(ISpeechWorkItem item) => _pool.TryEnqueue(item);

    public void Dispose() => _pool.Dispose();
}
