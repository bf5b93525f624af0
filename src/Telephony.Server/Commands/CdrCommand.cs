using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Telephony.Calls.Cdr;
using Telephony.Server.Cli;
using Telephony.Storage.Cdr;
using Telephony.Storage.Sqlite;

namespace Telephony.Server.Commands;

/// <summary><c>telephony cdr list</c>: prints CDRs as a table or as JSON lines.</summary>
internal static class CdrCommand
{
    public static Command Create()
    {
        var last = Flags.Create("last", "N", "how many records (default 20)");
        var json = Flags.Create("json", null, "one JSON object per line: call_id, from, to, started_at, answered_at, ended_at and ended_by (null while the call is in progress), cause (in-progress while the call is up; interrupted when the server died under it), sip_status, digits, codec, the received audio's quality (jitter_ms, loss_pct, mos (E-model), rtp_packets; null when no RTP arrived), recording (path or null), flow (as in the table; null for the built-in demo flow), direction (inbound or outbound), peer_call_id (the other leg of a bridge, or null)");
        var data = Flags.Create("data", "DIR", "state folder holding telephony.db (default ./data); read only, never created");
        var list = new Command("list", """
            Show call detail records, newest first
            One row per call leg, written when it starts: STARTED (UTC), DIR (in/out), DURATION (talk time; '-' while in progress), ENDED_BY, CAUSE (in-progress while the call is up; interrupted when the server stopped without ending it, closed at its next start), STATUS (the final SIP status), DIGITS, FROM -> TO, [CALL-ID <-> PEER] and FLOW (the dialplan flow that served the call and how it ended, e.g. 'bank/main: hangup normal at banking/goodbye', or 'no route'; empty for the built-in demo flow).
            Reads DIR/telephony.db of --data, which 'telephony serve' creates on its first start; the database is never created by reading: without it the command says so and exits 2.
            """) { last, json, data };
        list.SetAction(r => Run(Flags.Value(r, last), Flags.Switch(r, json), Flags.Value(r, data)));
        return new Command("cdr", "Show call detail records (cdr list)") { list };
    }

    private static int Run(string? lastText, bool asJson, string? dataFlag)
    {
        var last = 20;
        if (lastText is not null && (!int.TryParse(lastText, NumberStyles.None, CultureInfo.InvariantCulture, out last) || last < 1 || last > 1_000_000))
        {
            throw new UsageException($"--last must be a whole number from 1 to 1000000 (got '{lastText}')");
        }

        // Read-only: a mistyped --data must not look like a server with no calls yet.
        var data = dataFlag ?? "./data";
        var db = SqliteDatabase.OpenExisting(data) ?? throw NoDatabase(data, dataFlag is null);
        var records = SqliteCdrStore.List(db, last);
        if (asJson)
        {
            foreach (var r in records)
            {
                Console.Out.WriteLine(ToJson(r));
            }
        }
        else
        {
            PrintTable(records);
        }

        return 0;
    }

    private static UsageException NoDatabase(string data, bool isDefault)
    {
        var name = isDefault ? $"{data} (the default, {Path.GetFullPath(data)})" : Path.IsPathRooted(data) ? data : $"{data} ({Path.GetFullPath(data)})";
        return new UsageException($"--data {name}: no CDR database here ({Path.Combine(data, SqliteDatabase.FileName)} does not exist); " +
                                  $"expected the data folder of a server that has run ('telephony serve --data {data}' creates it)");
    }

    public static string ToJson(CallDetailRecord r)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("call_id", r.CallId);
            w.WriteString("from", r.From);
            w.WriteString("to", r.To);
            w.WriteString("started_at", Time(r.StartedAt));
            WriteOptional(w, "answered_at", r.AnsweredAt);
            // A call in progress (its row open, or closed by nobody yet) has not ended: no end time, nobody ended it.
            WriteOptional(w, "ended_at", r.IsInProgress ? null : r.EndedAt);
            if (r.IsInProgress)
            {
                w.WriteNull("ended_by");
            }
            else
            {
                w.WriteString("ended_by", r.EndedBy);
            }

            w.WriteString("cause", r.Cause);
            if (r.SipStatus is { } s)
            {
                w.WriteNumber("sip_status", s);
            }
            else
            {
                w.WriteNull("sip_status");
            }

            w.WriteString("digits", r.Digits);
            if (r.Codec is null)
            {
                w.WriteNull("codec");
            }
            else
            {
                w.WriteString("codec", r.Codec);
            }

            if (r.Quality is { } q)
            {
                w.WriteNumber("jitter_ms", Math.Round(q.JitterMs, 2));
                w.WriteNumber("loss_pct", Math.Round(q.LossPercent, 2));
                w.WriteNumber("mos", Math.Round(q.Mos, 2));
                w.WriteNumber("rtp_packets", q.PacketsReceived);
            }
            else
            {
                w.WriteNull("jitter_ms");
                w.WriteNull("loss_pct");
                w.WriteNull("mos");
                w.WriteNull("rtp_packets");
            }

            if (r.Recording is null)
            {
                w.WriteNull("recording");
            }
            else
            {
                w.WriteString("recording", r.Recording);
            }

            if (r.Flow is null)
            {
                w.WriteNull("flow");
            }
            else
            {
                w.WriteString("flow", r.Flow);
            }

            w.WriteString("direction", r.Direction == Telephony.Calls.Control.CallDirection.Outbound ? "outbound" : "inbound");
            if (r.PeerCallId is null)
            {
                w.WriteNull("peer_call_id");
            }
            else
            {
                w.WriteString("peer_call_id", r.PeerCallId);
            }

            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            w.WriteString(name, Time(v));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static string Time(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void PrintTable(IReadOnlyList<CallDetailRecord> records)
    {
        Console.Out.WriteLine("STARTED (UTC)            DIR  DURATION  ENDED_BY  CAUSE            STATUS  DIGITS      FROM -> TO  [CALL-ID <-> PEER]  FLOW");
        foreach (var r in records)
        {
            var talk = r.AnsweredAt is { } a && !r.IsInProgress ? (r.EndedAt - a).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s" : "-";
            var endedBy = r.IsInProgress ? "-" : r.EndedBy;
            Console.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{Time(r.StartedAt),-24} {(r.Direction == Telephony.Calls.Control.CallDirection.Outbound ? "out" : "in"),-3}  {talk,8}  {endedBy,-8}  {r.Cause,-15}  {r.SipStatus?.ToString(CultureInfo.InvariantCulture) ?? "-",6}  {(r.Digits.Length == 0 ? "-" : r.Digits),-10}  {r.From} -> {r.To}  [{r.CallId}{(r.PeerCallId is null ? string.Empty : " <-> " + r.PeerCallId)}]{(r.Flow is null ? string.Empty : "  " + r.Flow)}"));
        }
    }
}
