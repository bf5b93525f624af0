namespace Telephony.Speech.Recognition.Whisper;

/// <summary>
/// Every weight tensor whisper.cpp's loader creates for given hyper-parameters: name, shape (ggml
/// order, innermost first, padded with 1) and element type. A model file must hold each exactly
/// once with that shape and type; this is what the loader itself compares before reading data.
/// </summary>
internal static class WhisperTensorLayout
{
    public static Dictionary<string, ExpectedTensor> For(WhisperHyperParameters p, GgmlTensorType weights)
    {
        // Convolutions stay F16 in quantized models (F32 in an all-F32 one); norms, biases and
        // positional embeddings are always F32.
        var conv = weights == GgmlTensorType.F32 ? GgmlTensorType.F32 : GgmlTensorType.F16;
        var f32 = GgmlTensorType.F32;
        var s = p.AudioState;
        var t = new Dictionary<string, ExpectedTensor>(StringComparer.Ordinal);
        void Add(string name, GgmlTensorType type, long ne0, long ne1 = 1, long ne2 = 1) => t[name] = new(name, type, ne0, ne1, ne2);

        Add("encoder.positional_embedding", f32, s, p.AudioContext);
        Add("encoder.conv1.weight", conv, 3, p.Mels, s);
        Add("encoder.conv1.bias", f32, 1, s);
        Add("encoder.conv2.weight", conv, 3, s, s);
        Add("encoder.conv2.bias", f32, 1, s);
        Add("encoder.ln_post.weight", f32, s);
        Add("encoder.ln_post.bias", f32, s);
        for (var i = 0; i < p.AudioLayers; i++)
        {
            AddBlock($"encoder.blocks.{i}.", s, weights, Add);
        }

        var d = p.TextState;
        Add("decoder.positional_embedding", f32, d, p.TextContext);
        Add("decoder.token_embedding.weight", weights, d, p.Vocabulary);
        Add("decoder.ln.weight", f32, d);
        Add("decoder.ln.bias", f32, d);
        for (var i = 0; i < p.TextLayers; i++)
        {
            var block = $"decoder.blocks.{i}.";
            AddBlock(block, d, weights, Add);
            AddAttention(block + "cross_attn", d, weights, Add);
        }

        return t;
    }

    /// <summary>Self-attention and MLP of one transformer block (15 tensors).</summary>
    private static void AddBlock(string block, int s, GgmlTensorType weights, Action<string, GgmlTensorType, long, long, long> add)
    {
        var f32 = GgmlTensorType.F32;
        add(block + "mlp_ln.weight", f32, s, 1, 1);
        add(block + "mlp_ln.bias", f32, s, 1, 1);
        add(block + "mlp.0.weight", weights, s, 4L * s, 1);
        add(block + "mlp.0.bias", f32, 4L * s, 1, 1);
        add(block + "mlp.2.weight", weights, 4L * s, s, 1);
        add(block + "mlp.2.bias", f32, s, 1, 1);
        AddAttention(block + "attn", s, weights, add);
    }

    /// <summary>One attention (its layer norm, query with bias, key without, value and output with), 9 tensors.</summary>
    private static void AddAttention(string prefix, int s, GgmlTensorType weights, Action<string, GgmlTensorType, long, long, long> add)
    {
        var f32 = GgmlTensorType.F32;
        add(prefix + "_ln.weight", f32, s, 1, 1);
        add(prefix + "_ln.bias", f32, s, 1, 1);
        add(prefix + ".query.weight", weights, s, s, 1);
        add(prefix + ".query.bias", f32, s, 1, 1);
        add(prefix + ".key.weight", weights, s, s, 1);
        add(prefix + ".value.weight", weights, s, s, 1);
        add(prefix + ".value.bias", f32, s, 1, 1);
        add(prefix + ".out.weight", weights, s, s, 1);
        add(prefix + ".out.bias", f32, s, 1, 1);
    }
}

/// <summary>A tensor the loader expects: its shape (innermost first) and type.</summary>
internal sealed record ExpectedTensor(string Name, GgmlTensorType Type, long Ne0, long Ne1, long Ne2)
{
    public long Elements => Ne0 * Ne1 * Ne2;

    public long Bytes => Type.Bytes(Elements);

    public string Shape => Ne2 > 1 ? $"[{Ne0}, {Ne1}, {Ne2}]" : Ne1 > 1 ? $"[{Ne0}, {Ne1}]" : $"[{Ne0}]";
}
