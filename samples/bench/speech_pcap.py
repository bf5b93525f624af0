#!/usr/bin/env python3
"""Turns a recording into what a phone caller sends: a pcap of G.711 µ-law RTP for sipp's play_pcap_audio.

usage: speech_pcap.py IN.wav OUT.pcap [--lead-ms 1000] [--tail-ms 4000]
  IN.wav     16-bit mono PCM (8 or 16 kHz; pocketsphinx-testdata's cards/*.wav are 16 kHz)
  --lead-ms  digital silence before the speech (the prompt is under way when the caller talks)
  --tail-ms  digital silence after it (the caller listens to the reply)

16 kHz is low-passed (windowed-sinc FIR, cut-off 3.6 kHz) and decimated to 8 kHz, encoded as
µ-law (G.711, the segment encoder written out here: Python 3.13 drops audioop), and cut into 20 ms
packets, 160 samples each, marker bit on the first, as the interop tests build theirs
(tests/Telephony.Interop.Tests/BargeInTests.cs). Frames are Ethernet/IPv4/UDP on 127.0.0.1; sipp
rewrites the addresses and ports and keeps the 20 ms spacing of the capture times.
"""
import math
import struct
import sys
import wave


def read_wav(path):
    with wave.open(path, 'rb') as w:
        if w.getsampwidth() != 2 or w.getnchannels() != 1:
            sys.exit(f"{path}: expected 16-bit mono PCM, got {w.getsampwidth() * 8}-bit, {w.getnchannels()} channels")
        frames = w.readframes(w.getnframes())
        return list(struct.unpack(f'<{len(frames) // 2}h', frames)), w.getframerate()


def to_8k(samples, rate):
    if rate == 8000:
        return samples
    if rate != 16000:
        sys.exit(f"expected 8 or 16 kHz audio, got {rate} Hz")
    taps = 63
    cut = 3600 / 16000
    mid = taps // 2
    h = []
    for n in range(taps):
        x = n - mid
        sinc = 2 * cut if x == 0 else math.sin(2 * math.pi * cut * x) / (math.pi * x)
        h.append(sinc * (0.54 - 0.46 * math.cos(2 * math.pi * n / (taps - 1))))  # Hamming window
    gain = sum(h)
    h = [c / gain for c in h]
    out = []
    for i in range(0, len(samples), 2):
        acc = 0.0
        for k, c in enumerate(h):
            j = i + k - mid
            if 0 <= j < len(samples):
                acc += c * samples[j]
        out.append(max(-32768, min(32767, int(round(acc)))))
    return out


def mulaw(sample):
    """G.711 µ-law of one 16-bit sample (bias 0x84, clip 32635, bits inverted)."""
    sign = 0x80 if sample < 0 else 0
    magnitude = min(32635, -sample if sample < 0 else sample) + 0x84
    exponent = 7
    while exponent > 0 and not magnitude & (0x4000 >> (7 - exponent)):
        exponent -= 1
    mantissa = (magnitude >> (exponent + 3)) & 0x0f
    return ~(sign | (exponent << 4) | mantissa) & 0xff


def frame(rtp):
    udp = struct.pack('>HHHH', 40000, 40000, 8 + len(rtp), 0) + rtp
    ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0, bytes([127, 0, 0, 1]), bytes([127, 0, 0, 1]))
    return b'\0' * 12 + b'\x08\x00' + ip + udp


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    options = {'--lead-ms': 1000, '--tail-ms': 4000}
    rest = []
    i = 0
    while i < len(args):
        if args[i] in options:
            options[args[i]] = int(args[i + 1])
            i += 2
        else:
            rest.append(args[i])
            i += 1
    source, target = rest
    samples, rate = read_wav(source)
    narrow = to_8k(samples, rate)
    payloads = [bytes([0xff] * 160)] * (options['--lead-ms'] // 20)
    payloads += [bytes(mulaw(s) for s in narrow[at:at + 160]) for at in range(0, len(narrow) - 159, 160)]
    payloads += [bytes([0xff] * 160)] * (options['--tail-ms'] // 20)
    with open(target, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for n, payload in enumerate(payloads):
            rtp = struct.pack('>BBHII', 0x80, (0x80 if n == 0 else 0), (1000 + n) & 0xffff, n * 160, 0x5eed1234) + payload
            data = frame(rtp)
            micros = n * 20000
            f.write(struct.pack('<IIII', 1_700_000_000 + micros // 1_000_000, micros % 1_000_000, len(data), len(data)))
            f.write(data)
    print(f"{target}: {len(payloads)} packets ({len(payloads) * 20} ms), speech from {options['--lead-ms']} ms for {len(narrow) // 8} ms")


if __name__ == '__main__':
    main()
