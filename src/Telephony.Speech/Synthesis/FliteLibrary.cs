using System.Runtime.InteropServices;

namespace Telephony.Speech.Synthesis;

/// <summary>
/// Debian's libflite1 loaded in-process: the engine, and each voice's library registered once.
/// Entry points are bound with <see cref="NativeLibrary"/> rather than <c>DllImport</c> so a
/// missing library is a <see cref="SpeechException"/> naming the package at construction, not a
/// <see cref="DllNotFoundException"/> on the first call.
/// </summary>
/// <remarks>Not thread-safe: <see cref="FliteSynthesizer"/> serialises every call into it.</remarks>
internal sealed class FliteLibrary
{
    private const string Folder = "/usr/lib/x86_64-linux-gnu";
    private const string Package = "libflite1";

    private readonly TextToWave _textToWave;
    private readonly DeleteWave _deleteWave;
    private readonly FeatSetFloat _featSetFloat;
    private readonly Dictionary<string, IntPtr> _voices = new(StringComparer.Ordinal);

    private FliteLibrary(IntPtr engine)
    {
        _textToWave = Export<TextToWave>(engine, "flite_text_to_wave");
        _deleteWave = Export<DeleteWave>(engine, "delete_wave");
        _featSetFloat = Export<FeatSetFloat>(engine, "flite_feat_set_float");
        Export<FliteInit>(engine, "flite_init")();
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int FliteInit();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr RegisterVoice(IntPtr voxdir);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr TextToWave([MarshalAs(UnmanagedType.LPUTF8Str)] string text, IntPtr voice);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void DeleteWave(IntPtr wave);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void FeatSetFloat(IntPtr features, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, float value);

    /// <summary>Loads the engine (and, through the voices, usenglish and cmulex, which each voice library links).</summary>
    /// <exception cref="SpeechException">libflite.so.1 is not installed.</exception>
    public static FliteLibrary Load() => new(Open("libflite.so.1"));

    /// <summary>The voice <c>cmu_us_NAME</c>, registered on first use; its library is <c>libflite_cmu_us_NAME.so.1</c>.</summary>
    /// <exception cref="SpeechException">The voice's library is not installed or did not register.</exception>
    public IntPtr Voice(string name)
    {
        if (_voices.TryGetValue(name, out var voice))
        {
            return voice;
        }

        var library = Open($"libflite_cmu_us_{name}.so.1");
        voice = Export<RegisterVoice>(library, $"register_cmu_us_{name}")(IntPtr.Zero);
        if (voice == IntPtr.Zero)
        {
            throw new SpeechException($"flite: voice cmu_us_{name} did not register (reinstall the Debian package {Package})");
        }

        _voices[name] = voice;
        return voice;
    }

    /// <summary>
    /// Sets a float feature of a voice (e.g. <c>duration_stretch</c>). The features belong to the
    /// voice, shared by every utterance it renders: callers set them under the same lock as the render.
    /// </summary>
    public void SetFeature(IntPtr voice, string name, float value)
    {
        // cst_voice is { const char *name; cst_features *features; ... }: the features are its second pointer.
        var features = Marshal.ReadIntPtr(voice, IntPtr.Size);
        _featSetFloat(features, name, value);
    }

    /// <summary>Renders <paramref name="text"/> with <paramref name="voice"/>: its samples and rate.</summary>
    /// <exception cref="SpeechException">flite returned no wave.</exception>
    public (short[] Samples, int Rate) Render(string text, IntPtr voice)
    {
        var wave = _textToWave(text, voice);
        if (wave == IntPtr.Zero)
        {
            throw new SpeechException("flite: no audio came back for the text");
        }

        try
        {
            // cst_wave is { const char *type; int sample_rate; int num_samples; int num_channels; short *samples; }.
            var rate = Marshal.ReadInt32(wave, IntPtr.Size);
            var count = Marshal.ReadInt32(wave, IntPtr.Size + 4);
            var channels = Marshal.ReadInt32(wave, IntPtr.Size + 8);
            var data = Marshal.ReadIntPtr(wave, IntPtr.Size + 16);
            if (channels != 1 || count < 0 || rate <= 0)
            {
                throw new SpeechException($"flite: unexpected wave ({channels} channels, {count} samples at {rate} Hz)");
            }

            var samples = new short[count];
            if (count > 0)
            {
                Marshal.Copy(data, samples, 0, count);
            }

            return (samples, rate);
        }
        finally
        {
            _deleteWave(wave);
        }
    }

    /// <summary>A library of libflite1 by file name, from the Debian folder or the loader's path.</summary>
    /// <exception cref="SpeechException">Not installed; the message names the package.</exception>
    internal static IntPtr Open(string file)
    {
        var path = Path.Combine(Folder, file);
        if (!NativeLibrary.TryLoad(path, out var handle) && !NativeLibrary.TryLoad(file, out handle))
        {
            throw new SpeechException($"flite: {file} not found (install the Debian package {Package}: apt-get install -y {Package})");
        }

        return handle;
    }

    private static T Export<T>(IntPtr library, string name)
        where T : Delegate
    {
        if (!NativeLibrary.TryGetExport(library, name, out var address))
        {
            throw new SpeechException($"flite: the library has no {name} (install the Debian package {Package} 2.2)");
        }

        return Marshal.GetDelegateForFunctionPointer<T>(address);
    }
}
