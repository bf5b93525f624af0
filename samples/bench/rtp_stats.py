#!/usr/bin/env python3
"""Reads two loopback captures of a media benchmark and prints what a receiver sees of our RTP.

usage: rtp_stats.py SIP.pcap RTP.pcap WINDOW_START WINDOW_END
  SIP.pcap  the SIP traffic (full packets): 200 OK SDP gives each call's RTP port, ACK its time
  RTP.pcap  our outgoing RTP (first 96 bytes of each packet is enough)
  WINDOW_*  epoch seconds: only packets inside count for intervals and jitter

Prints one key=value line: streams, packets, inter-packet interval p50/p99/max (ms), RFC 3550
interarrival jitter (ms; mean and max over streams, computed per A.8 over the window) and the
delay from each call's ACK to its first RTP packet (p50/p99/max ms).
"""
import re
import struct
import sys


def packets(path):
    with open(path, 'rb') as f:
        header = f.read(24)
        magic = struct.unpack('<I', header[:4])[0]
        scale = 1e-9 if magic == 0xa1b23c4d else 1e-6
        linktype = struct.unpack('<I', header[20:24])[0]
        link = {1: 14, 113: 16, 276: 20}.get(linktype, 14)
        while True:
            rec = f.read(16)
            if len(rec) < 16:
                return
            sec, frac, incl, _ = struct.unpack('<IIII', rec)
            data = f.read(incl)
            ip = data[link:]
            if len(ip) < 20 or ip[0] >> 4 != 4 or ip[9] != 17:
                continue
            ihl = (ip[0] & 0x0f) * 4
            udp = ip[ihl:]
            if len(udp) < 8:
                continue
            sport, dport = struct.unpack('>HH', udp[:4])
            yield sec + frac * scale, sport, dport, udp[8:]


def pct(values, p):
    if not values:
        return float('nan')
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


def main():
    sip_path, rtp_path, start, end = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
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
    ack_of_port = {port_of_call[c]: t for c, t in ack_at.items() if c in port_of_call}

    last, first, jitter, intervals = {}, {}, {}, []
    for t, sport, _, payload in packets(rtp_path):
        if len(payload) < 12 or payload[0] >> 6 != 2 or 72 <= (payload[1] & 0x7f) <= 76:
            continue  # not RTP, or RTCP (packet types 200-204 read as payload types 72-76, RFC 5761)
        ts = struct.unpack('>I', payload[4:8])[0]
        if sport not in first:
            first[sport] = t
        if not start <= t <= end:
            continue
        if sport in last:
            t0, ts0 = last[sport]
            intervals.append((t - t0) * 1000)
            d = (t - t0) * 8000 - ((ts - ts0) & 0xffffffff)
            j = jitter.get(sport, 0.0)
            jitter[sport] = j + (abs(d) - j) / 16
        last[sport] = (t, ts)

    delays = [(first[p] - a) * 1000 for p, a in ack_of_port.items() if p in first]
    if ack_of_port and '--worst' in sys.argv:
        t_first = min(ack_of_port.values())
        worst = sorted(((first[p] - a) * 1000, a - t_first) for p, a in ack_of_port.items() if p in first)[-5:]
        print('worst first-packet delays (ms) with their ACK time after the first ACK (s): ' + ', '.join(f'{d:.1f}@{t:.2f}s' for d, t in worst))
    jit_ms = [j / 8 for j in jitter.values()]
    print(f"streams={len(last)} packets={len(intervals) + len(last)} "
          f"interval_p50_ms={pct(intervals, 0.5):.2f} interval_p99_ms={pct(intervals, 0.99):.2f} interval_max_ms={max(intervals, default=float('nan')):.2f} "
          f"jitter_mean_ms={sum(jit_ms) / max(1, len(jit_ms)):.3f} jitter_max_ms={max(jit_ms, default=float('nan')):.3f} "
          f"first_packet_after_ack_p50_ms={pct(delays, 0.5):.2f} p99_ms={pct(delays, 0.99):.2f} max_ms={max(delays, default=float('nan')):.2f} calls_timed={len(delays)}")


if __name__ == '__main__':
    main()
