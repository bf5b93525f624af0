using System.Buffers.Binary;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Telephony.Speech.Synthesis;

/// <summary>
/// One run of the <c>espeak-ng</c> program (GPL: it runs as a separate process and is never
/// linked): text on stdin, a WAV on stdout. Bounded in time and in output size, so a stuck or
/// runaway process cannot hold a call or fill memory.
/// </summary>
internal static class EspeakProcess
{
    public const string Package = "espeak-ng";

    /// <summary>Runs espeak-ng with <paramref name="arguments"/>, writing <paramref name="input"/> to its stdin; returns stdout.</summary>
    /// <exception cref="SpeechException">Not installed, timed out, too much output, or it failed.</exception>
    public static async Task<byte[]> RunAsync(string program, IReadOnlyList<string> arguments, string? input, TimeSpan timeout, int maxOutputBytes, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new System.Text.UTF8Encoding(false),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new SpeechException($"espeak-ng: cannot run {program} ({e.Message}); install the Debian package {Package}: apt-get install -y {Package}", e);
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            var errors = process.StandardError.ReadToEndAsync(limit.Token);
            var output = ReadCappedAsync(process.StandardOutput.BaseStream, maxOutputBytes, limit.Token);
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), limit.Token);
            }

            process.StandardInput.Close();
            var bytes = await output;
            await process.WaitForExitAsync(limit.Token);
            var stderr = (await errors).Trim();
            if (process.ExitCode != 0)
            {
                throw new SpeechException(string.Create(CultureInfo.InvariantCulture, $"espeak-ng: exited with code {process.ExitCode}: {stderr}"));
            }

            return bytes;
        }
        catch (IOException e)
        {
            // The pipe broke: espeak-ng exited (or was killed) before it read the text.
            Kill(process);
            throw new SpeechException($"espeak-ng: stopped before it took the text ({e.Message})", e);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Kill(process);
            throw new SpeechException(string.Create(CultureInfo.InvariantCulture, $"espeak-ng: no answer within {timeout.TotalSeconds:0.#} s; stopped"));
        }
        catch
        {
            Kill(process);
            throw;
        }
    }

    /// <summary>The PCM of the WAV espeak-ng writes to stdout, and its rate. Its sizes are placeholders (it streams), so the data runs to the end.</summary>
    /// <exception cref="SpeechException">Not a 16-bit mono WAV.</exception>
    public static (short[] Samples, int Rate) ParseWav(ReadOnlySpan<byte> wav)
    {
        if (wav.Length < 12 || !wav[..4].SequenceEqual("RIFF"u8) || !wav.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            throw new SpeechException("espeak-ng: its output is not a WAV file");
        }

        int rate = 0, channels = 0, bits = 0, pos = 12;
        while (pos + 8 <= wav.Length)
        {
            var id = wav.Slice(pos, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(wav[(pos + 4)..]);
            if (id.SequenceEqual("fmt "u8) && pos + 24 <= wav.Length)
            {
                channels = BinaryPrimitives.ReadInt16LittleEndian(wav[(pos + 10)..]);
                rate = BinaryPrimitives.ReadInt32LittleEndian(wav[(pos + 12)..]);
                bits = BinaryPrimitives.ReadInt16LittleEndian(wav[(pos + 22)..]);
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (channels != 1 || bits != 16 || rate is < 4000 or > 96000)
                {
                    throw new SpeechException(string.Create(CultureInfo.InvariantCulture, $"espeak-ng: unexpected WAV ({channels} channels, {bits} bits, {rate} Hz)"));
                }

                var data = wav[(pos + 8)..];
                var samples = new short[data.Length / 2];
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(data[(2 * i)..]);
                }

                return (samples, rate);
            }

            if (size < 0 || pos + 8 + size > wav.Length)
            {
                break;
            }

            pos += 8 + size + (size & 1);
        }

        throw new SpeechException("espeak-ng: its WAV output has no data chunk");
    }

    private static async Task<byte[]> ReadCappedAsync(Stream stream, int max, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[16384];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (copy.Length + read > max)
            {
                throw new SpeechException(string.Create(CultureInfo.InvariantCulture, $"espeak-ng: more than {max / 1024} KB of audio for one sentence; stopped (split the text)"));
            }

            copy.Write(buffer, 0, read);
        }

        return copy.ToArray();
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // Already gone.
        }
    }
}
