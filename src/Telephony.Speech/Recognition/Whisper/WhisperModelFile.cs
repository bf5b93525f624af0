using System.Text;

namespace Telephony.Speech.Recognition.Whisper;

/// <summary>
/// A ggml Whisper model file (<c>ggml-*.bin</c>, the format whisper.cpp's
/// <c>convert-pt-to-ggml.py</c> writes), checked from end to end without native code.
/// </summary>
/// <remarks>
/// <para>
/// whisper.cpp trusts the file: an unknown ftype trips a ggml assertion, a huge vocabulary or
/// token length is allocated as asked, a negative name length throws from a std::vector
/// constructor, a wrong tensor type indexes past ggml's type table. Each of those ends the
/// process (abort, SIGSEGV or std::terminate), so the server would die with every call on it.
/// <see cref="Check"/> walks the same structure first and turns every such flaw into a
/// <see cref="SpeechException"/> that names the file and the problem.
/// </para>
/// <para>
/// Layout (all little-endian int32 unless said): magic <c>0x67676d6c</c> ("ggml"); the eleven
/// hyper-parameters of <see cref="WhisperHyperParameters"/>; the mel filter bank (n_mel, n_fft,
/// then n_mel × n_fft float32); the vocabulary (count, then per token a uint32 length and its
/// bytes); then tensors until the end: n_dims, name length, ggml type, n_dims extents (innermost
/// first), the name, and the data. Every tensor the loader expects for the hyper-parameters
/// (<see cref="WhisperTensorLayout"/>) must be there once, with its shape and type, and its data
/// must fit in the file. Tensor data is skipped, not read: checking a 1.5 GB model costs one
/// seek per tensor.
/// </para>
/// </remarks>
public sealed class WhisperModelFile
{
    /// <summary>"ggml" as whisper.cpp reads it (a little-endian uint32).</summary>
    public const uint Magic = 0x67676d6c;

    /// <summary>Frequency bins of Whisper's 400-point FFT (1 + 400 / 2), the filter bank's width.</summary>
    public const int FftBins = 201;

    // Real vocabularies: 50257 (English) or 50258 (multilingual) tokens; anything far above is not a Whisper tokenizer.
    private const int MaxStoredTokens = 60_000;

    // The longest byte-level BPE token of Whisper's tokenizers is well under 256 bytes.
    private const int MaxTokenBytes = 1024;

    private const int MaxTensorNameBytes = 256;

    private WhisperModelFile(string path, WhisperHyperParameters parameters, string weightType, int tensors, long bytes)
    {
        Path = path;
        Parameters = parameters;
        WeightType = weightType;
        TensorCount = tensors;
        Bytes = bytes;
    }

    public string Path { get; }

    public WhisperHyperParameters Parameters { get; }

    /// <summary>Multilingual models know every Whisper language (Mandarin is <c>zh</c>); the others only English.</summary>
    public bool IsMultilingual => Parameters.IsMultilingual;

    /// <summary>How the big matrices are stored: F16, F32, Q5_0, ...</summary>
    public string WeightType { get; }

    public int TensorCount { get; }

    /// <summary>File size.</summary>
    public long Bytes { get; }

    /// <summary>One line for the startup log: <c>base, multilingual, F16, 6+6 layers, 147.9 MB</c>.</summary>
    public string Describe() =>
        $"{Parameters.SizeName}, {(IsMultilingual ? "multilingual" : "English-only")}, {WeightType}, {Parameters.AudioLayers}+{Parameters.TextLayers} layers, {Bytes / 1e6:0.0} MB";

    /// <summary>Checks the model file at <paramref name="path"/> without loading it.</summary>
    /// <exception cref="SpeechException">The file is missing, unreadable, truncated or not a valid Whisper model; the message names the path and the flaw.</exception>
    public static WhisperModelFile Check(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        const string Hint = "use a ggml-*.bin Whisper model made by whisper.cpp (see docs/speech.md, 'Free speech (Whisper)')";
        if (Directory.Exists(path))
        {
            throw new SpeechException($"Whisper model {path}: is a folder, not a model file; {Hint}");
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.RandomAccess);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SpeechException($"Whisper model {path}: no such file; {Hint}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new SpeechException($"Whisper model {path}: cannot be read: {e.Message}", e);
        }

        using var reader = new ModelFileReader(stream);
        try
        {
            return Read(path, reader);
        }
        catch (ModelFormatException e)
        {
            throw new SpeechException($"Whisper model {path}: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new SpeechException($"Whisper model {path}: cannot be read: {e.Message}", e);
        }
    }

    private static WhisperModelFile Read(string path, ModelFileReader file)
    {
        if (file.Length == 0)
        {
            throw new ModelFormatException("the file is empty (0 bytes); the download or copy did not happen or failed");
        }

        var magic = unchecked((uint)file.ReadInt32("the magic number"));
        if (magic != Magic)
        {
            throw new ModelFormatException($"not a ggml Whisper model (magic 0x{magic:x8}, expected 0x{Magic:x8} 'ggml'){KnownFormat(magic)}");
        }

        var p = new WhisperHyperParameters(
            file.ReadInt32("n_vocab"),
            file.ReadInt32("n_audio_ctx"),
            file.ReadInt32("n_audio_state"),
            file.ReadInt32("n_audio_head"),
            file.ReadInt32("n_audio_layer"),
            file.ReadInt32("n_text_ctx"),
            file.ReadInt32("n_text_state"),
            file.ReadInt32("n_text_head"),
            file.ReadInt32("n_text_layer"),
            file.ReadInt32("n_mels"),
            file.ReadInt32("ftype"));
        var weights = CheckParameters(p);
        CheckFilters(file, p);
        CheckVocabulary(file, p);
        var tensors = CheckTensors(file, p, weights);
        return new WhisperModelFile(path, p, weights.Name, tensors, file.Length);
    }

    /// <summary>A hint for formats people mistake for a ggml model.</summary>
    private static string KnownFormat(uint magic) => (magic & 0xFFFF) switch
    {
        0x4b50 => ": this is a zip archive, probably a PyTorch checkpoint (.pt); convert it with whisper.cpp's models/convert-pt-to-ggml.py",
        _ when magic == 0x46554747 => ": this is a GGUF file; Whisper needs the older ggml format of whisper.cpp's ggml-*.bin models",
        _ when (magic & 0xFF) == '<' || (magic & 0xFF) == '{' => ": this looks like an HTML or JSON page saved instead of the model (a failed download?)",
        _ => string.Empty,
    };

    private static GgmlTensorType CheckParameters(WhisperHyperParameters p)
    {
        // The decoder's special tokens (end of text 50256, start 50257, languages, timestamps from
        // 50363 on) sit at fixed ids that only these vocabularies have; with more, whisper.cpp names
        // language tokens past the end of its language table and crashes.
        if (p.Vocabulary is < 51864 or > 51866)
        {
            throw Bad($"n_vocab is {p.Vocabulary}; Whisper models have 51864 (English-only), 51865 (multilingual) or 51866 (large-v3) tokens");
        }

        // Every Whisper model sees 30 s windows as 1500 encoder positions and decodes up to 448
        // tokens; the timestamps (20 ms per position) assume it.
        Expect("n_audio_ctx", p.AudioContext, 1500);
        Expect("n_text_ctx", p.TextContext, 448);
        Range("n_audio_state", p.AudioState, 1, 4096);
        Range("n_audio_head", p.AudioHeads, 1, 64);
        Range("n_text_head", p.TextHeads, 1, 64);
        Range("n_text_layer", p.TextLayers, 1, 64);
        if (p.AudioLayers is not (4 or 6 or 12 or 24 or 32))
        {
            throw Bad($"n_audio_layer is {p.AudioLayers}; Whisper encoders have 4 (tiny), 6 (base), 12 (small), 24 (medium) or 32 (large) layers");
        }

        if (p.TextState != p.AudioState)
        {
            throw Bad($"n_text_state ({p.TextState}) differs from n_audio_state ({p.AudioState}); the decoder attends to the encoder's output, so they must be equal");
        }

        if (p.AudioState % p.AudioHeads != 0 || p.TextState % p.TextHeads != 0)
        {
            throw Bad($"the width ({p.AudioState}) is not a multiple of the heads (n_audio_head {p.AudioHeads}, n_text_head {p.TextHeads})");
        }

        if (p.Mels is not (80 or 128))
        {
            throw Bad($"n_mels is {p.Mels}; Whisper models take 80 mel bands (128 for large-v3)");
        }

        if (p.FileType < 0 || p.FileType / 1000 > 9 || GgmlTensorType.FromFileType(p.FileType % 1000) is not { } weights)
        {
            // whisper.cpp maps ftype through a ggml switch that asserts (aborts) on unknown values.
            throw Bad($"ftype is {p.FileType}; known: 0 (F32), 1 (F16), 2 (Q4_0), 3 (Q4_1), 7 (Q8_0), 8 (Q5_0), 9 (Q5_1), 10-14 (Q2_K-Q6_K), plus 1000 × the quantization version");
        }

        if (weights == GgmlTensorType.F32)
        {
            // Loads, then aborts the process at the first inference: an all-F32 model keeps its
            // convolutions in F32 and whisper.cpp's CPU convolution asserts F16 (measured with
            // Whisper.net.Runtime 1.9.1: GGML_ASSERT(src0->type == GGML_TYPE_F16) in ops.cpp).
            throw Bad("ftype is 0 (all weights F32): the Whisper runtime aborts the process on such models at the first inference (its CPU convolution takes F16 only); convert the model to F16 (whisper.cpp's convert-pt-to-ggml.py writes F16 by default) or use a quantized one");
        }

        return weights;
    }

    private static void CheckFilters(ModelFileReader file, WhisperHyperParameters p)
    {
        var mels = file.ReadInt32("the mel filter count");
        var bins = file.ReadInt32("the mel filter width");
        if (mels != p.Mels || bins != FftBins)
        {
            throw Bad($"the mel filter bank is {mels} × {bins}; with n_mels {p.Mels} it must be {p.Mels} × {FftBins}");
        }

        file.Require(4L * mels * bins, "the mel filter bank");
        for (var i = 0; i < mels * bins; i++)
        {
            var weight = file.ReadSingle("the mel filter bank");
            if (!float.IsFinite(weight))
            {
                throw Bad($"mel filter weight {i} is {weight}; the filter bank must hold finite numbers");
            }
        }
    }

    private static void CheckVocabulary(ModelFileReader file, WhisperHyperParameters p)
    {
        var count = file.ReadInt32("the vocabulary size");
        if (count < 0 || count > Math.Min(p.Vocabulary, MaxStoredTokens))
        {
            throw Bad($"the vocabulary holds {count} tokens; it must hold from 0 to n_vocab ({p.Vocabulary})");
        }

        for (var i = 0; i < count; i++)
        {
            var start = file.Offset;
            var length = file.ReadInt32($"the length of token {i}");
            if (length < 0 || length > MaxTokenBytes)
            {
                throw Bad($"token {i} (offset {start}) is {unchecked((uint)length)} bytes long; tokens are at most {MaxTokenBytes} bytes (a corrupt vocabulary)");
            }

            file.Skip(length, $"token {i}");
        }
    }

    private static int CheckTensors(ModelFileReader file, WhisperHyperParameters p, GgmlTensorType weights)
    {
        var expected = WhisperTensorLayout.For(p, weights);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (file.Remaining > 0)
        {
            var at = file.Offset;
            var where = $"the tensor header at offset {at}";
            var dims = file.ReadInt32(where);
            var nameLength = file.ReadInt32(where);
            var typeId = file.ReadInt32(where);
            if (dims is < 1 or > 3)
            {
                throw Bad($"{where} has {dims} dimensions; Whisper's tensors have 1 to 3");
            }

            if (nameLength is < 1 or > MaxTensorNameBytes)
            {
                throw Bad($"{where} gives a name of {nameLength} bytes; names are 1 to {MaxTensorNameBytes} bytes");
            }

            var ne = new long[] { 1, 1, 1 };
            for (var i = 0; i < dims; i++)
            {
                ne[i] = file.ReadInt32(where);
            }

            var name = Encoding.UTF8.GetString(file.ReadBytes(nameLength, where));
            if (!expected.TryGetValue(name, out var tensor))
            {
                throw Bad($"unknown tensor '{Printable(name)}' at offset {at}; this is not a Whisper model of these hyper-parameters ({p.AudioLayers}+{p.TextLayers} layers)");
            }

            if (!seen.Add(name))
            {
                throw Bad($"tensor '{name}' appears twice (second at offset {at})");
            }

            if (ne[0] != tensor.Ne0 || ne[1] != tensor.Ne1 || ne[2] != tensor.Ne2)
            {
                var got = dims switch { 1 => $"[{ne[0]}]", 2 => $"[{ne[0]}, {ne[1]}]", _ => $"[{ne[0]}, {ne[1]}, {ne[2]}]" };
                throw Bad($"tensor '{name}' has shape {got}; the header's hyper-parameters need {tensor.Shape}");
            }

            if (typeId != tensor.Type.Id)
            {
                var got = GgmlTensorType.FromId(typeId)?.Name ?? $"unknown type {typeId}";
                throw Bad($"tensor '{name}' is stored as {got}; a {weights} model stores it as {tensor.Type}");
            }

            if (tensor.Type.IsQuantized && tensor.Ne0 % tensor.Type.BlockElements != 0)
            {
                throw Bad($"tensor '{name}' has rows of {tensor.Ne0} elements, not a whole number of {tensor.Type} blocks ({tensor.Type.BlockElements})");
            }

            file.Skip(tensor.Bytes, $"the data of tensor '{name}'");
        }

        if (seen.Count == 0)
        {
            // whisper.cpp would load it as an "empty model for testing" and compute on uninitialised memory.
            throw Bad("the file ends after the vocabulary: it holds no weights");
        }

        if (seen.Count != expected.Count)
        {
            var missing = expected.Keys.Where(k => !seen.Contains(k)).ToList();
            throw Bad($"{missing.Count} of {expected.Count} tensors are missing ({string.Join(", ", missing.Take(3))}{(missing.Count > 3 ? ", ..." : string.Empty)}); the file was probably cut short");
        }

        return seen.Count;
    }

    private static string Printable(string name) => new(name.Select(c => char.IsControl(c) ? '?' : c).ToArray());

    private static void Expect(string field, int value, int expected)
    {
        if (value != expected)
        {
            throw Bad($"{field} is {value}; every Whisper model has {expected}");
        }
    }

    private static void Range(string field, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw Bad($"{field} is {value}; it must be from {min} to {max}");
        }
    }

    private static ModelFormatException Bad(string problem) => new(problem);
}
