using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Telephony.Api.Auth;
using Telephony.Api.Json;
using Telephony.Calls.Events;

namespace Telephony.Api.Endpoints;

/// <summary>
/// <c>GET /events</c>: the call event stream as Server-Sent Events. Each event is
/// <c>id: N</c>, <c>event: TYPE</c>, <c>data: {JSON}</c>; a client that reconnects with
/// <c>Last-Event-ID</c> (or <c>?last_event_id=</c>) gets every buffered event after that id first.
/// Idle streams get a <c>: ping</c> comment every keep-alive period so proxies keep them open.
/// </summary>
/// <remarks>
/// A client that reads too slowly is ended by the hub (never waited for); it reconnects with its
/// last id and loses nothing still in the ring. A client that goes away cancels the request, which
/// ends its watcher.
/// </remarks>
internal static class EventEndpoints
{
    private static readonly HashSet<string> NumericFields = new(StringComparer.Ordinal) { "sip_status" };

    public static void Map(IEndpointRouteBuilder app, ApiServices services, ApiOptions options)
    {
        app.MapGet("/events", (HttpContext context, CancellationToken cancel) => StreamAsync(context, services, options))
            .WithMetadata(new RequiresRole(ApiRole.Agent))
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .Parameters(ParameterLocation.Header, ("Last-Event-ID", "Replay the buffered events after this id first."))
            .Parameters(ParameterLocation.Query, ("last_event_id", "The same, for clients that cannot set headers."))
            .WithSummary("Live call events (SSE); resume with Last-Event-ID.");
    }

    private static async Task StreamAsync(HttpContext context, ApiServices services, ApiOptions options)
    {
        var text = context.Request.Headers["Last-Event-ID"].ToString();
        var field = "Last-Event-ID";
        if (text.Length == 0)
        {
            text = context.Request.Query["last_event_id"].ToString();
            field = "last_event_id";
        }

        long? after = null;
        if (text.Length > 0)
        {
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                await Problem.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid event id", $"'{field}' is the id of the last event seen (a whole number)", field).ConfigureAwait(false);
                return;
            }

            after = id;
        }

        // The stream ends when the client goes away or the server stops (a graceful end, not a 5 s abort).
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(
            context.RequestAborted, context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        var cancel = ending.Token;
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var time = services.Time ?? TimeProvider.System;
        var buffer = new ArrayBufferWriter<byte>(1024);

        // Our own token too: however the loop ends (disconnect, write error), the pending read is
        // cancelled and awaited before the enumerator is disposed, which removes the watcher.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var events = services.Events.WatchAsync(after, stop.Token).GetAsyncEnumerator(stop.Token);
        Task<bool>? next = null;
        try
        {
            // The retry hint and a first flush: the client sees the stream open at once, before any event.
            await response.WriteAsync("retry: 2000\n\n", cancel).ConfigureAwait(false);
            await response.Body.FlushAsync(cancel).ConfigureAwait(false);
            next = events.MoveNextAsync().AsTask();
            while (true)
            {
                using (var tick = CancellationTokenSource.CreateLinkedTokenSource(cancel))
                {
                    var keepAlive = Task.Delay(options.KeepAliveInterval, time, tick.Token);
                    if (await Task.WhenAny(next, keepAlive).ConfigureAwait(false) != next)
                    {
                        // The delay also ends when the stream is being ended: then stop rather than ping.
                        cancel.ThrowIfCancellationRequested();
                        await response.WriteAsync(": ping\n\n", cancel).ConfigureAwait(false);
                        await response.Body.FlushAsync(cancel).ConfigureAwait(false);
                        continue;
                    }

                    await tick.CancelAsync().ConfigureAwait(false);
                }

                if (!await next.ConfigureAwait(false))
                {
                    // The hub ended this watcher (it fell behind): close; the client resumes with Last-Event-ID.
                    return;
                }

                buffer.ResetWrittenCount();
                Write(buffer, events.Current);
                await response.Body.WriteAsync(buffer.WrittenMemory, cancel).ConfigureAwait(false);
                await response.Body.FlushAsync(cancel).ConfigureAwait(false);
                next = events.MoveNextAsync().AsTask();
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // The client went away, or the server is stopping.
        }
        catch (IOException)
        {
            // The connection broke while writing: the same as going away.
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            if (next is not null)
            {
                try
                {
                    await next.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }

            await events.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One SSE event; the JSON is one line, so one <c>data:</c> line carries it.</summary>
    internal static void Write(IBufferWriter<byte> output, CallEvent e)
    {
        var id = e.Id.ToString(CultureInfo.InvariantCulture);
        Append(output, "id: " + id + "\nevent: " + e.Type + "\ndata: ");
        using (var json = new Utf8JsonWriter(output, ApiJson.Writer))
        {
            json.WriteStartObject();
            json.WriteNumber("id", e.Id);
            json.WriteString("type", e.Type);
            json.WriteString("call_id", e.CallId);
            json.WriteString("at", UtcTimeConverter.Text(e.At));
            foreach (var (key, value) in e.Data)
            {
                if (key is "id" or "type" or "call_id" or "at")
                {
                    continue;
                }

                if (value is null)
                {
                    json.WriteNull(key);
                }
                else if (NumericFields.Contains(key) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
                {
                    json.WriteNumber(key, n);
                }
                else
                {
                    json.WriteString(key, value);
                }
            }

            json.WriteEndObject();
        }

        Append(output, "\n\n");
    }

    private static void Append(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(System.Text.Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(System.Text.Encoding.UTF8.GetBytes(text, span));
    }
}
