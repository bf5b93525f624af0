namespace Telephony.Speech.Recognition.Whisper;

/// <summary>
/// The ggml element types a Whisper model's weights may be stored in (the numbers are ggml's own,
/// as written in each tensor header), with the size of one block of elements.
/// </summary>
/// <remarks>
/// Only the types whisper.cpp's converter (F32, F16) and quantizer (Q4_0 ... Q6_K) write are
/// listed: anything else in a tensor header is reported instead of being handed to native code,
/// which looks sizes up in a table indexed by that number.
/// </remarks>
internal readonly record struct GgmlTensorType(int Id, string Name, int BlockElements, int BlockBytes)
{
    public static readonly GgmlTensorType F32 = new(0, "F32", 1, 4);
    public static readonly GgmlTensorType F16 = new(1, "F16", 1, 2);

    private static readonly GgmlTensorType[] Known =
    [
        F32,
        F16,
        new(2, "Q4_0", 32, 18),
        new(3, "Q4_1", 32, 20),
        new(6, "Q5_0", 32, 22),
        new(7, "Q5_1", 32, 24),
        new(8, "Q8_0", 32, 34),
        new(10, "Q2_K", 256, 84),
        new(11, "Q3_K", 256, 110),
        new(12, "Q4_K", 256, 144),
        new(13, "Q5_K", 256, 176),
        new(14, "Q6_K", 256, 210),
    ];

    public bool IsQuantized => BlockElements > 1;

    public static GgmlTensorType? FromId(int id) => Array.Find(Known, t => t.Id == id) is { Name: not null } t ? t : null;

    /// <summary>
    /// The weight type of a model's header <c>ftype</c> (after the quantization version is taken
    /// off): ggml's ftype numbers differ from its type numbers (ftype 7 is Q8_0, type 7 is Q5_1).
    /// ggml asserts, aborting the process, on an ftype it does not map, so this runs first.
    /// </summary>
    public static GgmlTensorType? FromFileType(int ftype) => ftype switch
    {
        0 => F32,
        1 => F16,
        2 => FromId(2),
        3 => FromId(3),
        7 => FromId(8),
        8 => FromId(6),
        9 => FromId(7),
        >= 10 and <= 14 => FromId(ftype),
        _ => null,
    };

    /// <summary>Bytes of a tensor of <paramref name="elements"/> elements (a whole number of blocks).</summary>
    public long Bytes(long elements) => elements / BlockElements * BlockBytes;

    public override string ToString() => Name;
}
