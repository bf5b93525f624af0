using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Telephony.Api.Json;

/// <summary>The API's JSON: snake_case, nulls written, unknown members refused; and the one careful body reader.</summary>
/// <remarks>
/// Bodies are read here rather than by minimal-API binding so that every bad body gets the same
/// answer: 413 past the size limit (checked before and while reading, so a lying or absent
/// Content-Length cannot make us buffer more), 415 for a non-JSON type, 400 naming the member for
/// malformed JSON, unknown members and wrong types.
/// </remarks>
internal static class ApiJson
{
    /// <summary>For hand-written JSON (SSE events): the same escaping as the serializer's.</summary>
    public static readonly JsonWriterOptions Writer = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;

        // Answers are JSON for programs, never embedded in HTML: keep ' and + readable rather than \u0027.
        o.Encoder = Writer.Encoder;
        o.DictionaryKeyPolicy = null;
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        o.NumberHandling = JsonNumberHandling.Strict;
        o.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        o.Converters.Add(new UtcTimeConverter());
        return o;
    }

    /// <summary>Reads the body, up to <paramref name="limit"/> bytes; null with <paramref name="error"/> set when it is too big.</summary>
    public static async Task<(byte[]? Body, IResult? Error)> ReadBytesAsync(HttpContext context, int limit)
    {
        if (context.Request.ContentLength is { } length && length > limit)
        {
            return (null, TooLarge(context, limit));
        }

        // Kestrel enforces the same limit on its side too (for chunked bodies that lie about nothing).
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit + 1L;
        }

        var buffer = new ArrayBufferWriter<byte>(Math.Min(limit + 1, 4096));
        try
        {
            while (true)
            {
                var memory = buffer.GetMemory(4096);
                var read = await context.Request.Body.ReadAsync(memory, context.RequestAborted).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > limit)
                {
                    return (null, TooLarge(context, limit));
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(context, limit));
        }

        return (buffer.WrittenSpan.ToArray(), null);
    }

    /// <summary>Reads and deserializes a JSON object body; on failure the problem response to send.</summary>
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpContext context, int limit)
        where T : class
    {
        var type = context.Request.ContentType;
        if (type is not null && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) && !type.Contains("+json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problem.Result(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", $"send the body as application/json, not {type}"));
        }

        var (body, error) = await ReadBytesAsync(context, limit).ConfigureAwait(false);
        if (error is not null)
        {
            return (null, error);
        }

        if (body!.Length == 0)
        {
            return (null, Problem.Result(StatusCodes.Status400BadRequest, "Invalid body", "the body is empty: send a JSON object"));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(body, Options);
            return value is null
                ? (null, Problem.Result(StatusCodes.Status400BadRequest, "Invalid body", "the body must be a JSON object"))
                : (value, null);
        }
        catch (JsonException e)
        {
            return (null, BadJson(e));
        }
    }

    /// <summary>A 400 that names the member at fault and says what is wrong, without .NET type names.</summary>
    internal static IResult BadJson(JsonException e)
    {
        var field = Field(e.Path);
        var message = e.Message;
        string detail;
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            // The unknown member's name is in the message ('The JSON property 'x' could not be mapped ...').
            var start = message.IndexOf('\'', StringComparison.Ordinal) + 1;
            var end = start > 0 ? message.IndexOf('\'', start) : -1;
            var name = end > start ? message[start..end] : "?";
            field = field is null ? name : field + "." + name;
            if (e.Path is { } path && path.EndsWith("." + name, StringComparison.Ordinal))
            {
                field = Field(path);
            }

            detail = $"unknown field '{field}'";
        }
        else if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            detail = field is null ? "the body must be a JSON object" : $"'{field}' has the wrong type";
        }
        else if (e.LineNumber is { } line && e.BytePositionInLine is { } column)
        {
            detail = $"malformed JSON at line {line + 1}, byte {column + 1}";
        }
        else
        {
            detail = "malformed JSON";
        }

        return Problem.Result(StatusCodes.Status400BadRequest, "Invalid body", detail, field);
    }

    /// <summary><c>$.variables.foo</c> → <c>variables.foo</c>; <c>$['a b']</c> → <c>a b</c>; <c>$</c> → null.</summary>
    internal static string? Field(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return null;
        }

        var text = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        text = text.Replace("['", ".", StringComparison.Ordinal).Replace("']", string.Empty, StringComparison.Ordinal).TrimStart('.');
        return text.Length == 0 ? null : text;
    }

    /// <summary>
    /// 413, and the connection closes after it: the rest of the body is never read, so the
    /// connection cannot carry another request. Saying so (Connection: close) keeps a client
    /// from sending its next request on a connection Kestrel is about to drop.
    /// </summary>
    private static IResult TooLarge(HttpContext context, int limit)
    {
        context.Response.Headers.Connection = "close";
        return Problem.Result(StatusCodes.Status413PayloadTooLarge, "Body too large", $"the body may be at most {limit} bytes");
    }
}
