using System.Runtime.InteropServices;

namespace Telephony.Media.Tests.G722;

/// <summary>
/// The reference G.722 codec of spandsp 0.0.6 (Debian package libspandsp2), called through P/Invoke so our
/// codec can be held bit-exact against an independent implementation. Test-only: production code never
/// loads native libraries.
/// </summary>
internal sealed class SpanDspG722 : IDisposable
{
    private const string Library = "libspandsp.so.2";
    private const int Rate64k = 64000;

    private IntPtr _encoder;
    private IntPtr _decoder;

    private SpanDspG722()
    {
        _encoder = NativeMethods.g722_encode_init(IntPtr.Zero, Rate64k, 0);
        _decoder = NativeMethods.g722_decode_init(IntPtr.Zero, Rate64k, 0);
        if (_encoder == IntPtr.Zero || _decoder == IntPtr.Zero)
        {
            throw new InvalidOperationException("spandsp's g722_encode_init/g722_decode_init returned NULL");
        }
    }

    /// <summary>Opens a fresh encoder/decoder pair, failing the test (never skipping it) when spandsp is missing.</summary>
    public static SpanDspG722 Open()
    {
        if (!NativeLibrary.TryLoad(Library, out var handle))
        {
            Assert.Fail($"{Library} could not be loaded: install the Debian package libspandsp2 (apt-get install libspandsp2), "
                + "the reference these G.722 tests compare against");
        }

        NativeLibrary.Free(handle);
        return new SpanDspG722();
    }

    public byte[] Encode(short[] pcm16k)
    {
        var codes = new byte[pcm16k.Length / 2];
        var written = NativeMethods.g722_encode(_encoder, codes, pcm16k, pcm16k.Length);
        Assert.That(written, Is.EqualTo(codes.Length), "spandsp g722_encode length");
        return codes;
    }

    public short[] Decode(byte[] codes)
    {
        var pcm = new short[codes.Length * 2];
        var written = NativeMethods.g722_decode(_decoder, pcm, codes, codes.Length);
        Assert.That(written, Is.EqualTo(pcm.Length), "spandsp g722_decode length");
        return pcm;
    }

    public void Dispose()
    {
        if (_encoder != IntPtr.Zero)
        {
            _ = NativeMethods.g722_encode_free(_encoder);
            _encoder = IntPtr.Zero;
        }

        if (_decoder != IntPtr.Zero)
        {
            _ = NativeMethods.g722_decode_free(_decoder);
            _decoder = IntPtr.Zero;
        }
    }

    /// <summary>spandsp 0.0.6 &lt;spandsp/g722.h&gt;; passing NULL state makes init allocate it, *_free releases it.</summary>
    private static class NativeMethods
    {
        [DllImport(Library)]
        public static extern IntPtr g722_encode_init(IntPtr s, int rate, int options);

        [DllImport(Library)]
        public static extern int g722_encode(IntPtr s, [Out] byte[] g722_data, short[] amp, int len);

        [DllImport(Library)]
        public static extern int g722_encode_free(IntPtr s);

        [DllImport(Library)]
        public static extern IntPtr g722_decode_init(IntPtr s, int rate, int options);

        [DllImport(Library)]
        public static extern int g722_decode(IntPtr s, [Out] short[] amp, byte[] g722_data, int len);

        [DllImport(Library)]
        public static extern int g722_decode_free(IntPtr s);
    }
}
