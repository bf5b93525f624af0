#!/usr/bin/env python3
"""Reads the captures and the database of a speech-turns.sh run and prints barge-in and turn latency.

usage: speech_stats.py SIP.pcap RTP.pcap telephony.db START EXPECTED_STEP [--worst]
  SIP.pcap       SIP on the server's port (full packets): the 200 OK's SDP gives each call's RTP port
  RTP.pcap       RTP both ways on the server's port range (full packets: the payload is judged)
  telephony.db   the server's SQLite database (cdr and transcripts tables)
  START          epoch seconds: calls whose ACK is earlier are not counted (the warm-up call)
  EXPECTED_STEP  the step the recording should end the call at, e.g. main/seven-of-clubs

Per call, on the wire (loopback capture times):
  barge-in  the caller's first voiced packet -> our last packet before the first pause in our
            stream (the welcome pauses at the onset and stops at min_speech; a paused prompt
            sends nothing), counted when our welcome was playing just before the onset
  turn      the caller's last voiced packet -> our first packet of the reply (the first packet
            after it that is not digital silence: the confirmation prompt's audio, which starts
            with about 250 ms of flite's quiet lead-in); also to its first voiced packet, and from
            the detector's own speech end (speech_ended_at) to that first reply packet
Voiced: a PCMU packet above -40 dBFS. From the transcripts table (wall clock of the server),
where the turn's time goes: wire end -> speech_ended_at (jitter buffer and the detector's last
voiced window), -> vad_ended_at (end silence and detector), -> recognized_at (recogniser), ->
our first reply packet (flow, prompt start, next 20 ms packet time).
Prints count, p50/p95/p99/max (ms) for each, and how many calls' CDR names EXPECTED_STEP.
"""
import datetime
import os
import re
import sqlite3
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rtp_stats import packets  # noqa: E402  (same folder)

SILENT = (0xff, 0x7f)  # µ-law digital silence (+0 and -0)


def mulaw_to_linear(code):
    code = ~code & 0xff
    magnitude = (((code & 0x0f) << 3) + 0x84) << ((code >> 4) & 0x07)
    return (0x84 - magnitude) if code & 0x80 else (magnitude - 0x84)


LINEAR = [mulaw_to_linear(c) for c in range(256)]


def voiced(body):
    energy = sum(LINEAR[b] * LINEAR[b] for b in body)
    return (energy / max(1, len(body))) ** 0.5 > 328  # -40 dBFS


def pct(values, p):
    values = sorted(values)
    if not values:
        return float('nan')
    return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]


def summary(name, values):
    ms = [v * 1000 for v in values]
    return (f"{name}: n={len(ms)} p50={pct(ms, 0.5):.0f} p95={pct(ms, 0.95):.0f} p99={pct(ms, 0.99):.0f} "
            f"max={max(ms, default=float('nan')):.0f} ms")


def iso(text):
    """The stored DateTimeOffset ('2026-12-04T15:01:02.1234567+00:00') as epoch seconds."""
    if not text:
        return None
    m = re.match(r'(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)?$', text)
    if not m:
        return None
    base = datetime.datetime.fromisoformat(m.group(1) + (m.group(3) or '+00:00').replace('Z', '+00:00'))
    return base.timestamp() + (float('0.' + m.group(2)) if m.group(2) else 0.0)


def main():
    sip_path, rtp_path, db_path, start, expected = sys.argv[1:6]
    start = float(start)
    port_of_call, ack_at = {}, {}
    for t, _, _, payload in packets(sip_path):
        text = payload.decode('latin-1', 'replace')
        call = re.search(r'^(?:Call-ID|i):\s*(\S+)', text, re.M | re.I)
        if not call:
            continue
        if text.startswith('SIP/2.0 200') and re.search(r'^CSeq:\s*\d+\s+INVITE', text, re.M | re.I):
            m = re.search(r'^m=audio (\d+)', text, re.M)
            if m:
                port_of_call[call.group(1)] = int(m.group(1))
        elif text.startswith('ACK ') and call.group(1) not in ack_at:
            ack_at[call.group(1)] = t
    calls = {c: p for c, p in port_of_call.items() if ack_at.get(c, 0) >= start}
    call_of_port = {p: c for c, p in calls.items()}

    caller, ours = {c: [] for c in calls}, {c: [] for c in calls}
    for t, sport, dport, payload in packets(rtp_path):
        if len(payload) <= 12 or payload[0] >> 6 != 2 or payload[1] & 0x7f != 0:
            continue  # PCMU RTP only (no RTCP, no events)
        body = payload[12 + 4 * (payload[0] & 0x0f):]
        if dport in call_of_port:
            caller[call_of_port[dport]].append((t, voiced(body), False))
        elif sport in call_of_port:
            ours[call_of_port[sport]].append((t, voiced(body), any(b not in SILENT for b in body)))

    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    flows = dict(db.execute("SELECT call_id, flow FROM cdr"))
    turns = {}
    for row in db.execute("SELECT call_id, outcome, text, speech_ended_at, vad_ended_at, recognized_at FROM transcripts ORDER BY turn"):
        turns.setdefault(row[0], row)

    barge, turn, turn_voiced, no_prompt = [], [], [], 0
    parts = {'wire end -> speech_ended_at': [], 'speech_ended_at -> vad_ended_at': [],
             'vad_ended_at -> recognized_at': [], 'recognized_at -> first reply packet': []}
    from_detector = []
    worst = []
    for call in calls:
        c = sorted(caller[call])
        s = sorted(ours[call])
        spoken = [t for t, v, _ in c if v]
        if not spoken:
            continue
        onset, end = spoken[0], spoken[-1]
        if any(onset - 0.6 <= t <= onset - 0.05 and v for t, v, _ in s):
            times = [t for t, _, _ in s if t >= onset - 0.1]
            last = next((times[i - 1] for i in range(1, len(times)) if times[i] - times[i - 1] > 0.06), None)
            if last is not None:
                barge.append(last - onset)
        else:
            no_prompt += 1
        reply = next((t for t, _, sound in s if t > end and sound), None)
        reply_voiced = next((t for t, v, _ in s if t > end and v), None)
        if reply is not None:
            turn.append(reply - end)
            worst.append((reply - end, call))
        if reply_voiced is not None:
            turn_voiced.append(reply_voiced - end)
        row = turns.get(call)
        if row and reply is not None:
            ended, vad, recognized = iso(row[3]), iso(row[4]), iso(row[5])
            if None not in (ended, vad, recognized):
                parts['wire end -> speech_ended_at'].append(ended - end)
                parts['speech_ended_at -> vad_ended_at'].append(vad - ended)
                parts['vad_ended_at -> recognized_at'].append(recognized - vad)
                parts['recognized_at -> first reply packet'].append(reply - recognized)
                from_detector.append(reply - ended)

    # How evenly each side sent: a late or bunched caller stream (sipp on a busy core) deepens our
    # jitter buffer and shows here; a late server shows in our intervals.
    gaps = {'caller': [], 'ours': []}
    for side, streams in (('caller', caller), ('ours', ours)):
        for call in calls:
            times = sorted(t for t, _, _ in streams[call])
            gaps[side] += [(b - a) * 1000 for a, b in zip(times, times[1:])]
    spacing = ' '.join(f"{side}_interval_p99={pct(v, 0.99):.1f} max={max(v, default=float('nan')):.0f} ms" for side, v in gaps.items())
    right = sum(1 for call in calls if (flows.get(call) or '').endswith('at ' + expected))
    recognised = sum(1 for call in calls if call in turns and turns[call][1] == 'recognized')
    print(f"calls_answered={len(calls)} right_branch={right} ({100 * right / max(1, len(calls)):.1f}%) "
          f"turns_recognized={recognised} prompt_not_playing_at_onset={no_prompt}")
    print('packet spacing: ' + spacing)
    print(summary('barge-in (first voiced caller packet -> our last welcome packet)', barge))
    print(summary('turn (last voiced caller packet -> first reply packet)', turn))
    print(summary('turn to the reply\'s first voiced packet', turn_voiced))
    print(summary('turn from the detector\'s speech end (speech_ended_at) -> first reply packet', from_detector))
    for name, values in parts.items():
        print('  ' + summary(name, values))
    wrong = {}
    for call in calls:
        flow = flows.get(call) or '(no CDR)'
        if not flow.endswith('at ' + expected):
            heard = turns[call][2] if call in turns else '(no turn)'
            key = f"{flow.split(': ', 1)[-1]} heard '{heard}'"
            wrong[key] = wrong.get(key, 0) + 1
    for key, count in sorted(wrong.items(), key=lambda kv: -kv[1]):
        print(f"  wrong branch x{count}: {key}")
    if '--worst' in sys.argv:
        for latency, call in sorted(worst)[-5:]:
            print(f"worst turn {latency * 1000:.0f} ms: {call} {flows.get(call)}")


if __name__ == '__main__':
    main()
