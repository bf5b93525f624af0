using Microsoft.ML.OnnxRuntime;

namespace Telephony.Speech.Vad;

/// <summary>
/// The Silero VAD v5 network loaded once for the whole process: one <see cref="InferenceSession"/>
/// (its Run is thread-safe) shared by every stream, each <see cref="SileroVad"/> holding only its
/// own recurrent state and buffers. The session runs on one intra-op thread: a 288-sample window
/// is far too small to gain from splitting, and many calls run side by side on the worker pool.
/// </summary>
/// <remarks>
/// The graph, as its metadata reads (checked at load): inputs <c>input</c> float [batch, samples],
/// <c>state</c> float [2, batch, 128], <c>sr</c> int64 scalar; outputs <c>output</c> float
/// [batch, 1] (speech probability) and <c>stateN</c> float [2, batch, 128]. At 8 kHz the model
/// is fed 256 new samples after the previous window's last 32 (its context).
/// </remarks>
public sealed class SileroVadModel : IDisposable
{
    internal const string InputName = "input";
    internal const string StateName = "state";
    internal const string RateName = "sr";
    internal const string OutputName = "output";
    internal const string StateOutName = "stateN";
    internal const int StateSize = 128;

    private InferenceSession? _session;

    private SileroVadModel(InferenceSession session, string path)
    {
        _session = session;
        Path = path;
    }

    /// <summary>The file the model was loaded from.</summary>
    public string Path { get; }

    /// <summary>Verifies the file's checksum, loads it and checks its inputs and outputs; a <see cref="SpeechException"/> names the path on any failure.</summary>
    public static SileroVadModel Load(string path)
    {
        VadModelFile.Verify(path);
        InferenceSession session;
        try
        {
            using var options = SessionOptionsForOneStream();
            session = new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new SpeechException($"VAD model {path} could not be loaded by ONNX Runtime ({e.Message}): delete it and reinstall it with ./telephony serve", e);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            // The package ships the native library for the usual platforms; elsewhere this is where it shows.
            throw new SpeechException($"ONNX Runtime's native library could not be loaded for the VAD model {path} ({e.GetType().Name}: {e.Message}): this platform needs a build of Microsoft.ML.OnnxRuntime that includes it", e);
        }

        try
        {
            CheckSignature(session, path);
        }
        catch
        {
            session.Dispose();
            throw;
        }

        return new SileroVadModel(session, path);
    }

    /// <summary>A detector for one stream (8 kHz mono), sharing this model.</summary>
    public SileroVad CreateDetector(VadOptions? options = null)
    {
        var session = _session ?? throw new ObjectDisposedException(nameof(SileroVadModel));
        return new SileroVad(session, options ?? new VadOptions());
    }

    public void Dispose()
    {
        _session?.Dispose();
        _session = null;
    }

    private static SessionOptions SessionOptionsForOneStream()
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };

        // Denormal floats (the recurrent state decaying through long silence) run many times slower on x86.
        options.AddSessionConfigEntry("session.set_denormal_as_zero", "1");
        return options;
    }

    private static void CheckSignature(InferenceSession session, string path)
    {
        static bool Has(IReadOnlyDictionary<string, NodeMetadata> nodes, string name, Type element, int rank) =>
            nodes.TryGetValue(name, out var node) && node.ElementType == element && node.Dimensions.Length == rank;

        var inputs = session.InputMetadata;
        var outputs = session.OutputMetadata;
        if (!Has(inputs, InputName, typeof(float), 2) || !Has(inputs, StateName, typeof(float), 3) || !Has(inputs, RateName, typeof(long), 0)
            || !Has(outputs, OutputName, typeof(float), 2) || !Has(outputs, StateOutName, typeof(float), 3))
        {
            var seen = string.Join(", ", inputs.Keys.Select(k => "in " + k).Concat(outputs.Keys.Select(k => "out " + k)));
            throw new SpeechException($"VAD model {path} does not have Silero v5's inputs (input, state, sr) and outputs (output, stateN); it has {seen}");
        }
    }
}
