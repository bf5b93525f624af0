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
    public static void Write(string path, int vocabulary = Vocabulary, uint seed = 11) => Write(path, new Shape(vocabulary), seed);

    /// <summary>Other shapes, for the explicit probes of what the native runtime accepts (<see cref="NativeShapeProbes"/>).</summary>
    public sealed record Shape(int Vocabulary = Vocabulary, int State = State, int Heads = Heads, int EncoderLayers = Layers, int DecoderLayers = Layers, bool F32Weights = false, bool Q8Weights = false);

    public static void Write(string path, Shape shape, uint seed = 11)
    {
        ArgumentNullException.ThrowIfNull(shape);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var w = new BinaryWriter(file, Encoding.UTF8, leaveOpen: false);
        new ModelWriter(w, shape, new Xorshift(seed)).Write();
    }

    private sealed class ModelWriter(BinaryWriter w, Shape shape, Xorshift random)
    {
        private readonly int _s = shape.State;

        /// <summary>The big matrices' type: F16 (ggml type 1) normally, F32 (0) for an all-F32 model, Q8_0 (8) for a quantized one.</summary>
        private readonly int _weightType = shape.F32Weights ? 0 : shape.Q8Weights ? 8 : 1;

        /// <summary>Convolutions: F16, except in an all-F32 model (quantizing leaves them F16).</summary>
        private readonly int _convType = shape.F32Weights ? 0 : 1;

        private readonly float[] _block = new float[32];
        private int _blockFill;

        public void Write()
        {
            w.Write(0x67676d6c);
            foreach (var value in new[] { shape.Vocabulary, AudioContext, _s, shape.Heads, shape.EncoderLayers, TextContext, _s, shape.Heads, shape.DecoderLayers, Mels, shape.F32Weights ? 0 : shape.Q8Weights ? 1007 : 1 })
            {
                w.Write(value);
            }

            WriteMelFilters();

            // 256 tokens, one per byte value: decoded text stays short and never needs a BPE table.
            w.Write(256);
            for (var b = 0; b < 256; b++)
            {
                w.Write(1);
                w.Write((byte)b);
            }

            Random32("encoder.positional_embedding", 0.02f, _s, AudioContext);
            Fill("encoder.conv1.weight", _convType, [3, Mels, _s], () => 0.1f * random.NextSigned());
            Constant("encoder.conv1.bias", 0, 1, _s);
            Fill("encoder.conv2.weight", _convType, [3, _s, _s], () => 0.05f * random.NextSigned());
            Constant("encoder.conv2.bias", 0, 1, _s);
            for (var i = 0; i < shape.EncoderLayers; i++)
            {
                Block($"encoder.blocks.{i}.", cross: false);
            }

            Constant("encoder.ln_post.weight", 1, _s);
            Constant("encoder.ln_post.bias", 0, _s);
            Random32("decoder.positional_embedding", 0.02f, _s, TextContext);
            TokenEmbedding();
            for (var i = 0; i < shape.DecoderLayers; i++)
            {
                Block($"decoder.blocks.{i}.", cross: true);
            }

            Constant("decoder.ln.weight", 1, _s);
            Constant("decoder.ln.bias", 0, _s);
        }

        private void Block(string prefix, bool cross)
        {
            Attention(prefix + "attn");
            if (cross)
            {
                Attention(prefix + "cross_attn");
            }

            Constant(prefix + "mlp_ln.weight", 1, _s);
            Constant(prefix + "mlp_ln.bias", 0, _s);
            Weights(prefix + "mlp.0.weight", 0.1f, _s, 4 * _s);
            Constant(prefix + "mlp.0.bias", 0, 4 * _s);
            Weights(prefix + "mlp.2.weight", 0.05f, 4 * _s, _s);
            Constant(prefix + "mlp.2.bias", 0, _s);
        }

        private void Attention(string prefix)
        {
            Constant(prefix + "_ln.weight", 1, _s);
            Constant(prefix + "_ln.bias", 0, _s);
            Weights(prefix + ".query.weight", 0.1f, _s, _s);
            Constant(prefix + ".query.bias", 0, _s);
            Weights(prefix + ".key.weight", 0.1f, _s, _s);
            Weights(prefix + ".value.weight", 0.1f, _s, _s);
            Constant(prefix + ".value.bias", 0, _s);
            Weights(prefix + ".out.weight", 0.1f, _s, _s);
            Constant(prefix + ".out.bias", 0, _s);
        }

        /// <summary>Triangular filters evenly spaced on the mel scale over 0-8 kHz, as Whisper's front end uses.</summary>
        private void WriteMelFilters()
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

        /// <summary>
        /// The decoder's token embedding, also its output projection: random rows only for the
        /// lower-case letters and the space, zero for every other token. Text then decodes as
        /// letter strings instead of the loader's placeholder names; special and timestamp tokens
        /// keep neutral logits, so whisper.cpp's own rules (timestamps, end of text) still decide
        /// where segments fall.
        /// </summary>
        private void TokenEmbedding()
        {
            Header("decoder.token_embedding.weight", _weightType, [_s, shape.Vocabulary]);
            for (var token = 0; token < shape.Vocabulary; token++)
            {
                var spoken = token is ' ' or (>= 'a' and <= 'z');
                for (var i = 0; i < _s; i++)
                {
                    Element(_weightType, spoken ? 0.5f * random.NextSigned() : 0);
                }
            }
        }

        private void Header(string name, int type, int[] extents)
        {
            var bytes = Encoding.UTF8.GetBytes(name);
            w.Write(extents.Length);
            w.Write(bytes.Length);
            w.Write(type);
            foreach (var extent in extents)
            {
                w.Write(extent);
            }

            w.Write(bytes);
        }

        /// <summary>A matrix in the model's weight type.</summary>
        private void Weights(string name, float scale, params int[] extents) => Fill(name, _weightType, extents, () => scale * random.NextSigned());

        private void Random32(string name, float scale, params int[] extents) => Fill(name, 0, extents, () => scale * random.NextSigned());

        private void Constant(string name, float value, params int[] extents) => Fill(name, 0, extents, () => value);

        private void Fill(string name, int type, int[] extents, Func<float> next)
        {
            Header(name, type, extents);
            var count = extents.Aggregate(1, (a, b) => a * b);
            for (var i = 0; i < count; i++)
            {
                Element(type, next());
            }
        }

        private void Element(int type, float value)
        {
            if (type == 0)
            {
                w.Write(value);
            }
            else if (type == 1)
            {
                w.Write((Half)value);
            }
            else
            {
                // Q8_0: blocks of 32 (rows are multiples of 32 here), an F16 scale then 32 signed bytes.
                _block[_blockFill++] = value;
                if (_blockFill == 32)
                {
                    var max = _block.Max(Math.Abs);
                    var d = max / 127;
                    w.Write((Half)d);
                    foreach (var x in _block)
                    {
                        w.Write((sbyte)(d == 0 ? 0 : Math.Round(x / d)));
                    }

                    _blockFill = 0;
                }
            }
        }
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
