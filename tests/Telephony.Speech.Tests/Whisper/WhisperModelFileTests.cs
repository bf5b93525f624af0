using Telephony.Speech.Recognition.Whisper;

namespace Telephony.Speech.Tests.Whisper;

/// <summary>
/// The checker in front of whisper.cpp: every flawed file is reported as a SpeechException naming
/// the file and the flaw. Each case is also handed to the real WhisperRecognizer: if the checker
/// let one through to native code, whisper.cpp could abort this test host, so these tests would
/// not merely fail but stop the run.
/// </summary>
public class WhisperModelFileTests
{
    private BrokenModels _models = null!;

    [OneTimeSetUp]
    public void WriteModels() => _models = new BrokenModels();

    [OneTimeTearDown]
    public void DeleteModels() => _models.Dispose();

    [Test]
    public void The_tiny_model_passes_with_the_numbers_it_was_written_with()
    {
        var model = WhisperModelFile.Check(TinyWhisperModel.SharedPath);
        Assert.Multiple(() =>
        {
            Assert.That(model.Parameters.Vocabulary, Is.EqualTo(TinyWhisperModel.Vocabulary));
            Assert.That(model.Parameters.AudioLayers, Is.EqualTo(4));
            Assert.That(model.Parameters.AudioState, Is.EqualTo(TinyWhisperModel.State));
            Assert.That(model.IsMultilingual, Is.True);
            Assert.That(model.WeightType, Is.EqualTo("F16"));

            // 7 encoder tensors, 15 per encoder block, 4 decoder tensors, 24 per decoder block.
            Assert.That(model.TensorCount, Is.EqualTo(7 + (15 * 4) + 4 + (24 * 4)));
            Assert.That(model.Bytes, Is.EqualTo(new FileInfo(TinyWhisperModel.SharedPath).Length));
            Assert.That(model.Describe(), Does.StartWith("tiny, multilingual, F16, 4+4 layers"));
        });
    }

    [Test]
    public void An_English_only_vocabulary_is_not_multilingual()
    {
        var path = Path.Combine(_models.Folder, "ggml-tiny-test.en.bin");
        TinyWhisperModel.Write(path, TinyWhisperModel.EnglishVocabulary);
        Assert.That(WhisperModelFile.Check(path).IsMultilingual, Is.False);
    }

    [Test]
    public void A_quantized_model_passes()
    {
        var path = Path.Combine(_models.Folder, "ggml-tiny-test-q8_0.bin");
        TinyWhisperModel.Write(path, new TinyWhisperModel.Shape(Q8Weights: true));
        var model = WhisperModelFile.Check(path);
        Assert.That(model.WeightType, Is.EqualTo("Q8_0"));
        Assert.That(model.Bytes, Is.LessThan(new FileInfo(TinyWhisperModel.SharedPath).Length));
    }

    [Test]
    public void An_all_F32_model_is_refused_because_the_runtime_aborts_on_it()
    {
        // Measured (NativeShapeProbes before this check): whisper.cpp loads it, then a GGML_ASSERT in its CPU convolution kills the process.
        var path = Path.Combine(_models.Folder, "ggml-tiny-test-f32.bin");
        TinyWhisperModel.Write(path, new TinyWhisperModel.Shape(F32Weights: true));
        AssertRejected(path, "aborts the process");
    }

    [Test]
    public void A_missing_file_names_its_path()
    {
        var path = Path.Combine(_models.Folder, "no-such-model.bin");
        AssertRejected(path, "no such file");
    }

    [Test]
    public void A_folder_is_not_a_model() => AssertRejected(_models.Folder, "is a folder");

    [Test]
    public void An_empty_file_is_reported_as_empty() => AssertRejected(_models.Write("empty.bin", []), "empty");

    [TestCase(new byte[] { 0x47, 0x47, 0x55, 0x46, 3, 0, 0, 0 }, "GGUF")]
    [TestCase(new byte[] { 0x50, 0x4b, 3, 4, 0, 0, 0, 0 }, "PyTorch")]
    [TestCase(new byte[] { (byte)'<', (byte)'h', (byte)'t', (byte)'m', (byte)'l', (byte)'>' }, "HTML")]
    [TestCase(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, "not a ggml Whisper model")]
    public void Another_format_is_named(byte[] start, string expected)
    {
        var bytes = (byte[])_models.Valid.Clone();
        start.CopyTo(bytes, 0);
        AssertRejected(_models.Write($"magic-{expected}.bin", bytes), expected);
    }

    [TestCase(3, "the magic number")]
    [TestCase(22, "n_audio_layer")]
    [TestCase(52, "the mel filter width")]
    [TestCase(BrokenModels.VocabularyOffset - 100, "the mel filter bank")]
    [TestCase(BrokenModels.VocabularyOffset + 2, "the vocabulary size")]
    [TestCase(BrokenModels.VocabularyOffset + 700, "token")]
    [TestCase(BrokenModels.FirstTensorOffset + 6, "the tensor header at offset")]
    [TestCase(BrokenModels.FirstTensorOffset + 200, "the data of tensor 'encoder.positional_embedding'")]
    public void A_truncated_file_says_what_was_cut(int length, string what)
    {
        var message = AssertRejected(_models.Truncated(length), "truncated");
        Assert.That(message, Does.Contain(what));
    }

    [Test]
    public void A_file_cut_inside_its_last_tensor_is_truncated() =>
        AssertRejected(_models.Truncated(_models.Valid.Length - 1000), "truncated");

    [Test]
    public void A_file_cut_between_tensors_is_missing_the_rest()
    {
        // The first tensor is the encoder's positional embedding: 1500 × 64 float32 after a 2-dimension header.
        var firstTensorEnd = BrokenModels.FirstTensorOffset + 12 + 8 + "encoder.positional_embedding".Length + (1500 * 64 * 4);
        var message = AssertRejected(_models.Truncated(firstTensorEnd), "tensors are missing");
        Assert.That(message, Does.Contain("166 of 167"));
    }

    [Test]
    public void A_file_without_weights_is_not_taken_for_an_empty_test_model() =>
        AssertRejected(_models.Truncated(BrokenModels.FirstTensorOffset), "holds no weights");

    [TestCase("n_vocab", 1_000_000_000, "n_vocab is 1000000000")]
    [TestCase("n_vocab", 256, "n_vocab is 256")]
    [TestCase("n_audio_ctx", 0, "n_audio_ctx is 0")]
    [TestCase("n_audio_state", -64, "n_audio_state is -64")]
    [TestCase("n_audio_state", 1 << 30, "n_audio_state is 1073741824")]
    [TestCase("n_audio_head", 0, "n_audio_head is 0")]
    [TestCase("n_audio_head", 3, "not a multiple of the heads")]
    [TestCase("n_audio_layer", 5, "n_audio_layer is 5")]
    [TestCase("n_audio_layer", int.MaxValue, "n_audio_layer is 2147483647")]
    [TestCase("n_text_ctx", 1_000_000, "n_text_ctx is 1000000")]
    [TestCase("n_text_state", 128, "differs from n_audio_state")]
    [TestCase("n_text_layer", 0, "n_text_layer is 0")]
    [TestCase("n_mels", 4000, "n_mels is 4000")]
    [TestCase("ftype", 4, "ftype is 4")]
    [TestCase("ftype", 99, "ftype is 99")]
    [TestCase("ftype", -1, "ftype is -1")]
    public void An_absurd_hyper_parameter_is_named(string field, int value, string expected) =>
        AssertRejected(_models.WithHeader(field, value), expected);

    [Test]
    public void A_quantized_header_over_F16_tensors_names_the_mismatch() =>
        AssertRejected(_models.WithHeader("ftype", 8), "is stored as F16; a Q5_0 model stores it as");

    [Test]
    public void More_layers_in_the_header_than_in_the_file_is_missing_tensors() =>
        AssertRejected(_models.WithHeader("n_text_layer", 6), "tensors are missing");

    [Test]
    public void A_mel_filter_bank_of_the_wrong_size_is_named() =>
        AssertRejected(_models.WithInt("filters.bin", 48, 128), "mel filter bank is 128 × 201");

    [Test]
    public void A_non_finite_mel_filter_weight_is_named() =>
        AssertRejected(_models.WithInt("nan-filter.bin", 56 + 400, unchecked((int)0x7fc00000)), "mel filter weight 100 is NaN");

    [Test]
    public void A_huge_token_length_is_not_allocated() =>
        AssertRejected(_models.WithInt("token.bin", BrokenModels.VocabularyOffset + 4 + 5, int.MaxValue), "token 1");

    [Test]
    public void A_vocabulary_larger_than_n_vocab_is_named() =>
        AssertRejected(_models.WithInt("vocab.bin", BrokenModels.VocabularyOffset, 100_000), "the vocabulary holds 100000 tokens");

    [TestCase(0, 9, "9 dimensions")]
    [TestCase(4, -5, "a name of -5 bytes")]
    [TestCase(8, 1, "is stored as F16")]
    [TestCase(8, 77, "unknown type 77")]
    [TestCase(12, 63, "has shape [63, 1500]")]
    public void A_flawed_tensor_header_is_named(int field, int value, string expected) =>
        AssertRejected(_models.WithInt($"tensor-{field}-{value}.bin", BrokenModels.FirstTensorOffset + field, value), expected);

    [Test]
    public void An_unknown_tensor_name_is_named()
    {
        var bytes = (byte[])_models.Valid.Clone();
        bytes[BrokenModels.FirstTensorOffset + 12 + 8] = (byte)'X';
        AssertRejected(_models.Write("name.bin", bytes), "unknown tensor 'Xncoder.positional_embedding'");
    }

    /// <summary>Both the checker and the recognizer refuse the file with a message naming it; returns the message.</summary>
    private static string AssertRejected(string path, string expected)
    {
        var checker = Assert.Throws<SpeechException>(() => WhisperModelFile.Check(path))!;
        Assert.That(checker.Message, Does.StartWith($"Whisper model {path}: ").And.Contain(expected));
        var recognizer = Assert.Throws<SpeechException>(() => new WhisperRecognizer(path).Dispose())!;
        Assert.That(recognizer.Message, Is.EqualTo(checker.Message));
        return checker.Message;
    }
}
