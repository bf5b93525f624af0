using System.Buffers.Binary;
using System.Text;

namespace Telephony.Speech.Tests.Whisper;

/// <summary>
/// Writes a small but complete ggml Whisper model with deterministic pseudo-random weights, so the
/// real Whisper.net runtime can load it and run inference here, where no trained model can be
/// downloaded. Written from the format as whisper.cpp's converter and loader define it (its own
/// code, separate from the validator it tests).
/// </summary>
/// <remarks>
/// The shape is the one whisper.cpp runs without trouble: F16 weights, 4 encoder and 4 decoder
/// layers (the depth of OpenAI's tiny), a 64-wide state with one head, 80 mel bands, the full
/// multilingual vocabulary size (51865, so every language token exists) but only 256 one-byte
/// tokens stored (the loader names the rest itself). Its transcripts are meaningless: it proves
/// loading, streaming, timings and errors, never accuracy.
/// </remarks>
internal static class TinyWhisperModel
{
    public const int Vocabulary = 51865;
    public const int EnglishVocabulary = 51864;
    public const int AudioContext = 1500;
    public const int State = 64;
    public const int Heads = 1;
    public const int Layers = 4;
    public const int TextContext = 448;
    public const int Mels = 80;
    public const int FftBins = 201;

    /// <summary>Byte offset of each hyper-parameter (after the 4-byte magic), for tests that corrupt one.</summary>
    public static int OffsetOf(string field) => 4 + (4 * Array.IndexOf(HeaderFields, field));

    public static readonly string[] HeaderFields =
        ["n_vocab", "n_audio_ctx", "n_audio_state", "n_audio_head", "n_audio_layer", "n_text_ctx", "n_text_state", "n_text_head", "n_text_layer", "n_mels", "ftype"];

    private static readonly object Gate = new();
    private static string? _shared;

    /// <summary>One model per test run, written once into the test output folder (about 8 MB).</summary>
    public static string SharedPath
    {
        get
        {
            lock (Gate)
            {
                if (_shared is null)
                {
                    var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "whisper-tiny-test", "ggml-tiny-test.bin");
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    Write(path);
                    _shared = path;
                }

                return _shared;
            }
        }
    }

    /// <summary>Writes the model to <paramref name="path"/>; <paramref name="vocabulary"/> 51864 makes it English-only.</summary>
    public static void Write(string path, int vocabulary = Vocabulary, uint seed = 11)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var w = new BinaryWriter(file, Encoding.UTF8, leaveOpen: false);
        var random = new Xorshift(seed);
        w.Write(0x67676d6c);
        foreach (var value in new[] { vocabulary, AudioContext, State, Heads, Layers, TextContext, State, Heads, Layers, Mels, 1 })
        {
            w.Write(value);
        }

        WriteMelFilters(w);

        // 256 tokens, one per byte value: decoded text stays short and never needs a BPE table.
        w.Write(256);
        for (var b = 0; b < 256; b++)
        {
            w.Write(1);
            w.Write((byte)b);
        }

        const int S = State;
        F32(w, "encoder.positional_embedding", random, 0.02f, S, AudioContext);
        F16(w, "encoder.conv1.weight", random, 0.1f, 3, Mels, S);
        Constant(w, "encoder.conv1.bias", 0, 1, S);
        F16(w, "encoder.conv2.weight", random, 0.05f, 3, S, S);
        Constant(w, "encoder.conv2.bias", 0, 1, S);
        for (var i = 0; i < Layers; i++)
        {
            Block(w, $"encoder.blocks.{i}.", random, cross: false);
        }

        Constant(w, "encoder.ln_post.weight", 1, S);
        Constant(w, "encoder.ln_post.bias", 0, S);
        F32(w, "decoder.positional_embedding", random, 0.02f, S, TextContext);
        TokenEmbedding(w, random, vocabulary);
        for (var i = 0; i < Layers; i++)
        {
            Block(w, $"decoder.blocks.{i}.", random, cross: true);
        }

        Constant(w, "decoder.ln.weight", 1, S);
        Constant(w, "decoder.ln.bias", 0, S);
    }

    private static void Block(BinaryWriter w, string prefix, Xorshift random, bool cross)
    {
        const int S = State;
        Attention(w, prefix + "attn", random);
        if (cross)
        {
            Attention(w, prefix + "cross_attn", random);
        }

        Constant(w, prefix + "mlp_ln.weight", 1, S);
        Constant(w, prefix + "mlp_ln.bias", 0, S);
        F16(w, prefix + "mlp.0.weight", random, 0.1f, S, 4 * S);
        Constant(w, prefix + "mlp.0.bias", 0, 4 * S);
        F16(w, prefix + "mlp.2.weight", random, 0.05f, 4 * S, S);
        Constant(w, prefix + "mlp.2.bias", 0, S);
    }

    private static void Attention(BinaryWriter w, string prefix, Xorshift random)
    {
        const int S = State;
        Constant(w, prefix + "_ln.weight", 1, S);
        Constant(w, prefix + "_ln.bias", 0, S);
        F16(w, prefix + ".query.weight", random, 0.1f, S, S);
        Constant(w, prefix + ".query.bias", 0, S);
        F16(w, prefix + ".key.weight", random, 0.1f, S, S);
        F16(w, prefix + ".value.weight", random, 0.1f, S, S);
        Constant(w, prefix + ".value.bias", 0, S);
        F16(w, prefix + ".out.weight", random, 0.1f, S, S);
        Constant(w, prefix + ".out.bias", 0, S);
    }

    /// <summary>Triangular filters evenly spaced on the mel scale over 0-8 kHz, as Whisper's front end uses.</summary>
    private static void WriteMelFilters(BinaryWriter w)
    {
        w.Write(Mels);
        w.Write(FftBins);
        static double Mel(double hz) => 2595 * Math.Log10(1 + (hz / 700));
        static double Hz(double mel) => 700 * (Math.Pow(10, mel / 2595) - 1);
        var edges = Enumerable.Range(0, Mels + 2).Select(i => Hz(Mel(8000) * i / (Mels + 1))).ToArray();
        for (var m = 0; m < Mels; m++)
        {
            for (var k = 0; k < FftBins; k++)
            {
                var hz = k * 8000.0 / (FftBins - 1);
                var rise = (hz - edges[m]) / (edges[m + 1] - edges[m]);
                var fall = (edges[m + 2] - hz) / (edges[m + 2] - edges[m + 1]);
                w.Write((float)Math.Max(0, Math.Min(rise, fall)));
            }
        }
    }

    private static void Header(BinaryWriter w, string name, int type, int[] shape)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        w.Write(shape.Length);
        w.Write(bytes.Length);
        w.Write(type);
        foreach (var extent in shape)
        {
            w.Write(extent);
        }

        w.Write(bytes);
    }

    private static void F16(BinaryWriter w, string name, Xorshift random, float scale, params int[] shape)
    {
        Header(w, name, 1, shape);
        var data = new byte[2 * shape.Aggregate(1, (a, b) => a * b)];
        for (var i = 0; i < data.Length; i += 2)
        {
            BinaryPrimitives.WriteHalfLittleEndian(data.AsSpan(i), (Half)(scale * random.NextSigned()));
        }

        w.Write(data);
    }

    /// <summary>
    /// The decoder's token embedding, also its output projection: random rows only for the
    /// lower-case letters and the space, zero for every other token. Text then decodes as short
    /// letter strings with spaces (words a test can count) instead of the loader's placeholder
    /// names; special and timestamp tokens keep neutral logits, so whisper.cpp's own rules
    /// (timestamps, end of text) still decide where segments fall.
    /// </summary>
    private static void TokenEmbedding(BinaryWriter w, Xorshift random, int vocabulary)
    {
        Header(w, "decoder.token_embedding.weight", 1, [State, vocabulary]);
        var data = new byte[2 * State * vocabulary];
        for (var token = 0; token < vocabulary; token++)
        {
            var spoken = token is ' ' or (>= 'a' and <= 'z');
            for (var i = 0; i < State; i++)
            {
                var value = spoken ? (Half)(0.5f * random.NextSigned()) : (Half)0;
                BinaryPrimitives.WriteHalfLittleEndian(data.AsSpan(2 * ((token * State) + i)), value);
            }
        }

        w.Write(data);
    }

    private static void F32(BinaryWriter w, string name, Xorshift random, float scale, params int[] shape)
    {
        Header(w, name, 0, shape);
        var data = new byte[4 * shape.Aggregate(1, (a, b) => a * b)];
        for (var i = 0; i < data.Length; i += 4)
        {
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i), scale * random.NextSigned());
        }

        w.Write(data);
    }

    private static void Constant(BinaryWriter w, string name, float value, params int[] shape)
    {
        Header(w, name, 0, shape);
        var data = new byte[4 * shape.Aggregate(1, (a, b) => a * b)];
        for (var i = 0; i < data.Length; i += 4)
        {
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i), value);
        }

        w.Write(data);
    }

    /// <summary>Marsaglia's xorshift32: the same weights on every machine and run.</summary>
    private sealed class Xorshift(uint seed)
    {
        private uint _state = seed == 0 ? 1 : seed;

        /// <summary>Uniform in [-1, 1).</summary>
        public float NextSigned()
        {
            _state ^= _state << 13;
            _state ^= _state >> 17;
            _state ^= _state << 5;
            return (float)((_state / 4294967296.0 * 2) - 1);
        }
    }
}
