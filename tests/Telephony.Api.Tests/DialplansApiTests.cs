using System.Net;
using System.Text;

namespace Telephony.Api.Tests;

public class DialplansApiTests
{
    private ApiServer _server = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _server = await ApiServer.StartAsync();
        _admin = _server.Create(ApiServer.AdminToken);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task Lists_every_file_of_the_folder_with_its_flows_and_validity()
    {
        using var response = await _server.Create(ApiServer.SupervisorToken).GetAsync("/dialplans");
        var list = (await Http.BodyAsync(response)).GetProperty("dialplans").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(list.Select(d => d.GetProperty("file").GetString()), Is.EqualTo(new[] { "broken.yaml", "demo.yaml" }));
            Assert.That(list[0].GetProperty("valid").GetBoolean(), Is.False);
            Assert.That(list[0].GetProperty("name").GetString(), Is.EqualTo("broken"));
            Assert.That(list[1].GetProperty("valid").GetBoolean(), Is.True);
            Assert.That(list[1].GetProperty("name").GetString(), Is.EqualTo("demo"));
            Assert.That(list[1].GetProperty("flows").EnumerateArray().Select(f => f.GetString()), Is.EqualTo(new[] { "main" }));
        });
    }

    [Test]
    public async Task Validates_a_good_dialplan()
    {
        var yaml = await File.ReadAllTextAsync(Path.Combine(_server.DialplanFolder, "demo.yaml"));
        using var response = await _admin.PostAsync("/dialplans/validate", new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        var body = await Http.BodyAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.GetProperty("valid").GetBoolean(), Is.True, body.ToString());
            Assert.That(body.GetProperty("errors").GetArrayLength(), Is.Zero);
        });
    }

    [Test]
    public async Task Reports_each_error_with_line_column_and_hint()
    {
        using var response = await _admin.PostAsync("/dialplans/validate", new StringContent("flows:\n  main:\n    - answer\n    - plya: welcome\n", Encoding.UTF8, "text/plain"));
        var body = await Http.BodyAsync(response);
        var error = body.GetProperty("errors")[0];
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("valid").GetBoolean(), Is.False);
            Assert.That(error.GetProperty("line").GetInt32(), Is.EqualTo(4));
            Assert.That(error.GetProperty("column").GetInt32(), Is.GreaterThan(0));
            Assert.That(error.GetProperty("message").GetString(), Does.Contain("plya"));
            Assert.That(error.GetProperty("hint").GetString(), Is.EqualTo("did you mean 'play'?"), body.ToString());
        });
    }

    [Test]
    public async Task Garbage_is_invalid_not_an_error()
    {
        using var response = await _admin.PostAsync("/dialplans/validate", new StringContent("{[: : :\n\t- ]", Encoding.UTF8, "application/yaml"));
        var body = await Http.BodyAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.GetProperty("valid").GetBoolean(), Is.False);
            Assert.That(body.GetProperty("errors").GetArrayLength(), Is.GreaterThan(0));
        });
    }

    [Test]
    public async Task Accepts_up_to_a_mebibyte_and_refuses_more_with_413()
    {
        var comment = "# " + new string('x', 1000) + "\n";
        var yaml = string.Concat(Enumerable.Repeat(comment, 900)) + "flows:\n  main:\n    - answer\n    - hangup\n";
        using var big = await _admin.PostAsync("/dialplans/validate", new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        Assert.That(big.StatusCode, Is.EqualTo(HttpStatusCode.OK), "900 KB is within the limit");

        using var tooBig = await _admin.PostAsync("/dialplans/validate", new StringContent(string.Concat(Enumerable.Repeat(comment, 1100)), Encoding.UTF8, "application/yaml"));
        await Http.ProblemAsync(tooBig, HttpStatusCode.RequestEntityTooLarge);
        Assert.That(tooBig.Headers.ConnectionClose, Is.True, "the unread rest of the body makes the connection unusable: the client must not reuse it");
    }

    [Test]
    public async Task Refuses_json_and_invalid_utf8()
    {
        using var json = await _admin.PostAsync("/dialplans/validate", Http.Json("{}"));
        await Http.ProblemAsync(json, HttpStatusCode.UnsupportedMediaType);
        using var bytes = new ByteArrayContent([0x66, 0x6c, 0xff, 0xfe, 0x0a]);
        bytes.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/yaml");
        using var latin = await _admin.PostAsync("/dialplans/validate", bytes);
        await Http.ProblemAsync(latin, HttpStatusCode.BadRequest);
    }
}
