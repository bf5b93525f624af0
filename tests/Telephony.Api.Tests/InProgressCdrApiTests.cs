using System.Net;
using System.Text.Json;
using Telephony.Calls.Cdr;

namespace Telephony.Api.Tests;

/// <summary>A call's CDR row exists from its start (issue 15, item 6): the API shows it as in progress, not as ended.</summary>
public class InProgressCdrApiTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task An_open_row_is_listed_and_shown_in_progress_with_no_end()
    {
        await using var server = await ApiServer.StartAsync();
        using var supervisor = server.Create(ApiServer.SupervisorToken);
        await server.Store.OpenAsync(new CallDetailRecord("up@test", "sip:alice@pbx", "sip:ivr@host", T0, T0.AddSeconds(1), T0.AddSeconds(1),
            CallEndedBy.System, CallDetailRecord.InProgress, 200, string.Empty, "PCMU"));

        using var listed = await supervisor.GetAsync("/cdrs?cause=in-progress");
        var page = await Http.BodyAsync(listed);
        Assert.That(listed.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        var cdr = page.GetProperty("cdrs").EnumerateArray().Single();

        using var found = await supervisor.GetAsync("/calls/up%40test");
        var call = await Http.BodyAsync(found);
        Assert.Multiple(() =>
        {
            Assert.That(cdr.GetProperty("call_id").GetString(), Is.EqualTo("up@test"));
            Assert.That(cdr.GetProperty("cause").GetString(), Is.EqualTo("in-progress"));
            Assert.That(cdr.GetProperty("ended_at").ValueKind, Is.EqualTo(JsonValueKind.Null), cdr.ToString());
            Assert.That(cdr.GetProperty("ended_by").ValueKind, Is.EqualTo(JsonValueKind.Null), cdr.ToString());
            Assert.That(cdr.GetProperty("answered_at").GetDateTimeOffset(), Is.EqualTo(T0.AddSeconds(1)));
            Assert.That(found.StatusCode, Is.EqualTo(HttpStatusCode.OK), call.ToString());
            Assert.That(call.GetProperty("state").GetString(), Is.EqualTo("in-progress"), call.ToString());
            Assert.That(call.GetProperty("ended_at").ValueKind, Is.EqualTo(JsonValueKind.Null), call.ToString());
        });
    }
}
