using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Telephony.Dialplan.Model;
using Telephony.Dialplan.Model.Steps;

namespace Telephony.Dialplan.Runtime;

/// <summary>
/// The <c>http</c> step: sends the request with a JSON body, waits at most the step's timeout,
/// and on a 2xx JSON response copies the mapped fields into variables. Anything else — timeout,
/// connection error, non-2xx, a body that is not JSON, a missing field — is the fallback.
/// <c>http_status</c> is set either way (0 without a response).
/// </summary>
public sealed class HttpStepRunner(HttpClient client)
{
    public async Task<Outcome> RunAsync(HttpStep step, CallVariables vars, IFlowObserver observer, CancellationToken callEnded)
    {
        var url = UrlTemplate.Render(step.Url, vars);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(callEnded);
        timeout.CancelAfter(step.Timeout);
        int status = 0;
        string? error = null;
        JsonDocument? json = null;
        try
        {
            using var request = new HttpRequestMessage(new HttpMethod(step.Method), url);
            foreach (var (name, value) in step.Headers)
            {
                var text = ExpressionEvaluator.RenderText(value, vars);
                if (!request.Headers.TryAddWithoutValidation(name, text))
                {
                    error = $"header {name} cannot be sent";
                }
            }

            if (step.Body is { } body)
            {
                request.Content = new ByteArrayContent(JsonBody(body, vars));
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            }

            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                error = $"status {status}";
            }
            else if (step.Map.Count > 0)
            {
                var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token);
                json = JsonDocument.Parse(bytes);
            }
        }
        catch (OperationCanceledException) when (!callEnded.IsCancellationRequested)
        {
            error = $"no response within {step.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s";
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or InvalidOperationException or UriFormatException or ArgumentException)
        {
            // Bad URLs rendered from variables, refused connections and broken JSON are the webhook's failure, not the call's.
            error = e is JsonException ? "the response is not JSON" : e.Message;
        }

        var found = new List<(string, object?)>();
        using (json)
        {
            if (error is null && json is not null)
            {
                error = Map(step, json.RootElement, found);
            }
        }

        observer.HttpCalled(step.Method, url, status, error);
        vars.Set("http_status", (decimal)status);

        // All mapped fields or none: a fallback never sees half a response.
        foreach (var (name, value) in error is null ? found : [])
        {
            vars.Set(name, value);
        }

        return error is null ? Outcome.Done : Outcome.Fallback;
    }

    /// <summary>Reads every mapped field into <paramref name="found"/>; returns the error when one is missing.</summary>
    private static string? Map(HttpStep step, JsonElement root, List<(string, object?)> found)
    {
        foreach (var mapping in step.Map)
        {
            if (JsonPath.Find(root, mapping.Path) is not { } element)
            {
                return $"the response has no '{mapping.Path}'";
            }

            found.Add((mapping.Variable, JsonPath.ToValue(element)));
        }

        return null;
    }

    /// <summary>The body as JSON: text values are templates; a lone <c>${...}</c> keeps its type; unquoted YAML scalars keep theirs.</summary>
    public static byte[] JsonBody(BodyValue body, CallVariables vars)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, body, vars);
        }

        return stream.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, BodyValue body, CallVariables vars)
    {
        switch (body)
        {
            case BodyObject o:
                writer.WriteStartObject();
                foreach (var (name, value) in o.Members)
                {
                    writer.WritePropertyName(name);
                    Write(writer, value, vars);
                }

                writer.WriteEndObject();
                break;
            case BodyArray a:
                writer.WriteStartArray();
                foreach (var item in a.Items)
                {
                    Write(writer, item, vars);
                }

                writer.WriteEndArray();
                break;
            case BodyScalar s:
                WriteScalar(writer, s.Typed ? Typed(s.Value.Constant ?? string.Empty) : ExpressionEvaluator.Render(s.Value, vars));
                break;
        }
    }

    private static object? Typed(string yaml) => yaml switch
    {
        "true" => true,
        "false" => false,
        "null" or "~" => null,
        _ => Values.ParseNumber(yaml) is { } n ? n : yaml,
    };

    private static void WriteScalar(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case decimal d:
                writer.WriteNumberValue(Values.Normalize(d));
                break;
            default:
                writer.WriteStringValue(Values.ToText(value));
                break;
        }
    }
}
