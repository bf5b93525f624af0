namespace Telephony.Interop.Tests;

/// <summary>The CLI's contract for operators' scripts: help, exit codes, output shapes.</summary>
public class CliTests
{
    private static Task<ProcessRunner.Result> Telephony(params string[] args) =>
        ProcessRunner.RunAsync("dotnet", [RepoPaths.TelephonyDll, .. args], TimeSpan.FromSeconds(60));

    [TestCase]
    [TestCase("--help")]
    [TestCase("help")]
    public async Task Main_help_lists_the_commands(params string[] args)
    {
        var result = await Telephony(args);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero);
            Assert.That(result.Stdout, Does.Contain("serve").And.Contain("cdr list").And.Contain("dialplan validate").And.Contain("dialplan simulate")
                .And.Contain("  test ").And.Contain("  call ").And.Contain("  calls ").And.Contain("  hangup "));
        });
    }

    [TestCase("serve", "--sip-port <N>", true)]
    [TestCase("cdr", "list", false)]
    [TestCase("cdr list", "--last <N>", true)]
    [TestCase("sip", "lint <FILE>", false)]
    [TestCase("dialplan", "validate <FILE>", false)]
    [TestCase("call", "--server <URL>", false)]
    public async Task Every_command_has_help_and_stateful_ones_take_data(string command, string mentions, bool touchesState)
    {
        var result = await Telephony([.. command.Split(' '), "--help"]);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero);
            Assert.That(result.Stdout, Does.Contain(mentions));
            Assert.That(result.Stdout.Contains("--data <DIR>", StringComparison.Ordinal), Is.EqualTo(touchesState));
        });
    }

    [TestCase(new[] { "bogus" }, "unknown command")]
    [TestCase(new[] { "serve", "--sip-port", "70000" }, "--sip-port must be")]
    [TestCase(new[] { "serve", "--frobnicate" }, "unknown option '--frobnicate'")]
    [TestCase(new[] { "serve", "--rtp-ports", "5-3" }, "--rtp-ports must be")]
    [TestCase(new[] { "cdr", "list", "--last" }, "--last needs a value")]
    [TestCase(new[] { "cdr", "purge" }, "unknown cdr subcommand")]
    [TestCase(new[] { "dialplan", "check", "x.yaml" }, "unknown dialplan subcommand")]
    [TestCase(new[] { "dialplan", "validate" }, "needs at least one FILE")]
    [TestCase(new[] { "dialplan", "graph", "dialplans/demo.yaml", "--format", "png" }, "--format must be mermaid or dot")]
    [TestCase(new[] { "dialplan", "simulate" }, "needs at least one FILE")]
    [TestCase(new[] { "dialplan", "simulate", "dialplans/demo.yaml", "--input", "1 x" }, "'x' is not an input")]
    [TestCase(new[] { "dialplan", "simulate", "dialplans/demo.yaml", "--input", "wait:soon" }, "'soon' is not a duration")]
    [TestCase(new[] { "dialplan", "validate", "dialplans/demo.yaml", "--from", "1" }, "--from applies to 'dialplan simulate' only")]
    [TestCase(new[] { "dialplan", "validate", "--bogus", "dialplans/demo.yaml" }, "unknown option '--bogus'")]
    [TestCase(new[] { "serve", "--log-format", "xml" }, "--log-format must be text or json (got 'xml')")]
    [TestCase(new[] { "serve", "--http", "8080" }, "--http must be ADDR:PORT")]
    [TestCase(new[] { "serve", "--record-channels", "quad" }, "--record-channels must be stereo or mono (got 'quad')")]
    [TestCase(new[] { "serve", "--config", "/nonexistent/telephony.yaml" }, "/nonexistent/telephony.yaml")]
    [TestCase(new[] { "call" }, "call needs TO")]
    [TestCase(new[] { "call", "sip:bob@127.0.0.1", "--timeout", "0" }, "--timeout must be a whole number of seconds from 1 to 600")]
    [TestCase(new[] { "call", "sip:bob@127.0.0.1", "--var", "novalue" }, "--var takes NAME=VALUE")]
    [TestCase(new[] { "call", "sip:bob@127.0.0.1", "--server", "ftp://x" }, "--server must be an http:// or https:// URL")]
    [TestCase(new[] { "hangup" }, "hangup needs the call's ID")]
    [TestCase(new[] { "calls", "extra" }, "unexpected argument 'extra'")]
    public async Task Usage_errors_exit_2_with_a_message_on_stderr(string[] args, string message)
    {
        var result = await Telephony(args);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stderr, Does.StartWith("telephony: ").And.Contain(message));
        });
    }

    [TestCase("serve --record-ch", "--record-channels")]
    [TestCase("dialplan gr", "graph")]
    [TestCase("cal", "call\ncalls")]
    public async Task Shell_completion_comes_from_the_same_declarations(string line, string expected)
    {
        var result = await Telephony($"[suggest:{line.Length}]", line);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(result.Stdout.Trim(), Is.EqualTo(expected));
        });
    }

    [Test]
    public async Task A_flag_given_twice_takes_its_last_value()
    {
        var data = Directory.CreateTempSubdirectory("cdrs-").FullName;
        global::Telephony.Storage.Sqlite.SqliteDatabase.Open(data);

        var result = await Telephony("cdr", "list", "--last", "x", "--last", "2", "--json", "--data", data);

        Assert.That((result.ExitCode, result.Stderr), Is.EqualTo((0, string.Empty)));
    }

    [Test]
    public async Task Cdr_list_of_an_empty_database_prints_nothing_in_json_and_only_the_header_as_a_table()
    {
        var data = Directory.CreateTempSubdirectory("cdrs-").FullName;
        global::Telephony.Storage.Sqlite.SqliteDatabase.Open(data);

        var json = await Telephony("cdr", "list", "--json", "--data", data);
        var table = await Telephony("cdr", "list", "--data", data);

        Assert.Multiple(() =>
        {
            Assert.That((json.ExitCode, json.Stdout), Is.EqualTo((0, string.Empty)));
            Assert.That((table.ExitCode, table.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length), Is.EqualTo((0, 1)));
            Assert.That(table.Stdout, Does.StartWith("STARTED").And.Contain("FLOW"));
        });
    }

    [Test]
    public async Task Cdr_list_shows_a_call_in_progress_with_no_end()
    {
        var data = Directory.CreateTempSubdirectory("cdrs-").FullName;
        var db = global::Telephony.Storage.Sqlite.SqliteDatabase.Open(data);
        var started = new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);
        await using (var store = new global::Telephony.Storage.Cdr.SqliteCdrStore(db))
        {
            await store.OpenAsync(new global::Telephony.Calls.Cdr.CallDetailRecord("up@test", "sip:alice@pbx", "sip:ivr@host", started, started.AddSeconds(1),
                started.AddSeconds(1), "system", "in-progress", 200, string.Empty, "PCMU"));
        }

        var json = await Telephony("cdr", "list", "--json", "--data", data);
        var table = await Telephony("cdr", "list", "--data", data);

        Assert.Multiple(() =>
        {
            Assert.That(json.Stdout, Does.Contain("\"answered_at\":\"2026-12-03T08:00:01.000Z\",\"ended_at\":null,\"ended_by\":null,\"cause\":\"in-progress\""), json.Stdout);
            Assert.That(table.Stdout.Split('\n')[1], Does.Match(@"^2026-12-03T08:00:00\.000Z\s+in\s+-\s+-\s+in-progress\s+200 "), table.Stdout);
        });
    }

    [TestCase("--json")]
    [TestCase("--last", "5")]
    public async Task Cdr_list_without_a_database_says_where_it_looked_exits_2_and_creates_nothing(params string[] extra)
    {
        var data = Path.Combine(Path.GetTempPath(), "none-" + Guid.NewGuid().ToString("N"));
        var empty = Directory.CreateTempSubdirectory("cdrs-").FullName;

        var missing = await Telephony(["cdr", "list", .. extra, "--data", data]);
        var noDatabase = await Telephony(["cdr", "list", .. extra, "--data", empty]);

        Assert.Multiple(() =>
        {
            Assert.That((missing.ExitCode, missing.Stdout), Is.EqualTo((2, string.Empty)));
            Assert.That(missing.Stderr, Is.EqualTo($"telephony: --data {data}: no CDR database here ({Path.Combine(data, "telephony.db")} does not exist); expected the data folder of a server that has run ('telephony serve --data {data}' creates it)\n"));
            Assert.That(Directory.Exists(data), Is.False);
            Assert.That(noDatabase.ExitCode, Is.EqualTo(2));
            Assert.That(noDatabase.Stderr, Does.StartWith($"telephony: --data {empty}: no CDR database here"));
            Assert.That(Directory.GetFileSystemEntries(empty), Is.Empty);
        });
    }

    [Test]
    public async Task Cdr_list_by_default_names_the_default_data_folder()
    {
        var cwd = Directory.CreateTempSubdirectory("cwd-").FullName;

        var result = await ProcessRunner.RunAsync("dotnet", [RepoPaths.TelephonyDll, "cdr", "list"], TimeSpan.FromSeconds(60), cwd);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stderr, Does.StartWith($"telephony: --data ./data (the default, {Path.Combine(cwd, "data")}): no CDR database here"));
            Assert.That(Directory.GetFileSystemEntries(cwd), Is.Empty);
        });
    }

    [TestCase("--prompts", "/nonexistent/prompts", "--prompts must be an existing folder of prompt WAV files: /nonexistent/prompts does not exist")]
    [TestCase("--prompts", "/etc/passwd", "--prompts must be an existing folder of prompt WAV files: /etc/passwd is a file")]
    [TestCase("--data", "/etc/passwd", "--data must be a writable folder (created when missing if its parent folder exists): /etc/passwd is a file")]
    [TestCase("--data", "/proc/x", "--data must be a writable folder (created when missing if its parent folder exists): /proc/x cannot be created")]
    [TestCase("--record", "/etc/passwd", "--record must be a writable folder (created when missing if its parent folder exists): /etc/passwd is a file")]
    [TestCase("--record", "/nonexistent/recordings", "--record must be a writable folder (created when missing if its parent folder exists): /nonexistent/recordings does not exist, nor does /nonexistent")]
    public async Task Serve_stops_before_listening_when_a_folder_it_needs_is_unusable(string flag, string path, string message)
    {
        var folder = Directory.CreateTempSubdirectory("serve-").FullName;

        var result = await Telephony("serve", "--sip-port", "0", "--bind", "127.0.0.1", "--http", "none", "--rtp-ports", "40000-40010",
            "--data", Path.Combine(folder, "data"), "--dialplans", Path.Combine(folder, "dialplans"), "--prompts", RepoPaths.Prompts, flag, path);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.Stderr, Does.StartWith("telephony: " + message));
            Assert.That(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(1), "one line, nothing started");
            Assert.That(Directory.GetFileSystemEntries(folder), Is.Empty, "nothing created before the checks");
        });
    }

    [TestCase("tomorrow")]
    [TestCase("2026-13-45T10:00")]
    public async Task Dialplan_simulate_at_that_is_not_a_time_says_what_is_expected(string at)
    {
        var result = await Telephony("dialplan", "simulate", "/nonexistent/plan.yaml", "--at", at);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stderr, Is.EqualTo($"telephony: --at: '{at}' is not a date and time; expected ISO 8601 like 2026-12-02T10:00 or 2026-12-02T10:00+01:00\n"));
        });
    }

    [Test]
    public async Task Dialplan_validate_and_simulate_of_a_folder_read_every_yaml_in_it_as_serve_does()
    {
        var empty = Directory.CreateTempSubdirectory("plans-").FullName;

        var validate = await ProcessRunner.RunAsync("dotnet", [RepoPaths.TelephonyDll, "dialplan", "validate", "dialplans"], TimeSpan.FromSeconds(60), RepoPaths.Root);
        var simulate = await ProcessRunner.RunAsync(
            "dotnet", [RepoPaths.TelephonyDll, "dialplan", "simulate", "dialplans", "--to", "+442079460100", "--input", "hangup"], TimeSpan.FromSeconds(60), RepoPaths.Root);
        var none = await Telephony("dialplan", "validate", empty);

        Assert.Multiple(() =>
        {
            Assert.That(validate.ExitCode, Is.Zero, validate.ToString());
            Assert.That(validate.Stdout, Does.Match(@"^4 files valid: 7 flows, \d+ steps\n$"));
            Assert.That(simulate.ExitCode, Is.Zero, simulate.ToString());
            Assert.That(simulate.Stdout, Does.Contain("\nroute: bank/main "));
            Assert.That(none.ExitCode, Is.EqualTo(2));
            Assert.That(none.Stderr, Is.EqualTo($"telephony: {empty} has no *.yaml file; expected dialplan files, or a folder of them (every *.yaml directly in it, as serve --dialplans reads it)\n"));
        });
    }

    [Test]
    public async Task Sip_lint_and_dialplan_graph_of_a_folder_say_they_expect_a_file()
    {
        var folder = Directory.CreateTempSubdirectory("captures-").FullName;

        var lint = await Telephony("sip", "lint", folder);
        var graph = await Telephony("dialplan", "graph", folder);

        Assert.Multiple(() =>
        {
            Assert.That(lint.ExitCode, Is.EqualTo(2));
            Assert.That(lint.Stderr, Is.EqualTo($"telephony: cannot read {folder}: it is a folder; expected a file holding one captured SIP message\n"));
            Assert.That(graph.ExitCode, Is.EqualTo(2));
            Assert.That(graph.Stderr, Is.EqualTo($"telephony: {folder} is a folder; dialplan graph draws one dialplan FILE\n"));
        });
    }

    [Test]
    public async Task Sip_lint_prints_one_tab_separated_verdict_per_file_and_exits_1_on_invalid()
    {
        var corpus = Path.Combine(RepoPaths.Root, "tests", "corpus", "rfc4475");
        var files = new[] { "badvers", "intmeth", "unreason" }.Select(n => Path.Combine(corpus, n + ".dat")).ToArray();

        var result = await Telephony(["sip", "lint", .. files]);

        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(lines.Select(l => l.Length), Is.All.EqualTo(4));
            Assert.That(lines.Select(l => (l[0], l[1], l[2])), Is.EqualTo(new[]
            {
                (files[0], "invalid", "505"),
                (files[1], "valid", "501"),
                (files[2], "valid", "drop"),
            }));
        });
    }

    [Test]
    public async Task Sip_lint_of_valid_files_exits_0_and_of_a_missing_file_exits_2()
    {
        var valid = Path.Combine(RepoPaths.Root, "tests", "corpus", "rfc4475", "lwsdisp.dat");

        var ok = await Telephony("sip", "lint", valid);
        var missing = await Telephony("sip", "lint", "/nonexistent/capture.sip");

        Assert.Multiple(() =>
        {
            Assert.That(ok.ExitCode, Is.Zero);
            Assert.That(ok.Stdout, Is.EqualTo($"{valid}\tvalid\t200\tcapabilities\n"));
            Assert.That(missing.ExitCode, Is.EqualTo(2));
            Assert.That(missing.Stderr, Does.Contain("cannot read /nonexistent/capture.sip"));
        });
    }

    [Test]
    public async Task Dialplan_simulate_prints_the_call_as_a_transcript()
    {
        var result = await ProcessRunner.RunAsync(
            "dotnet", [RepoPaths.TelephonyDll, "dialplan", "simulate", "dialplans/outage.yaml", "--from", "+13125550123", "--to", "+13125550100",
                "--input", "wait:7s say:agent", "--at", "2026-12-25T10:00", "--var", "ops=http://127.0.0.1:9/api"],
            TimeSpan.FromSeconds(60), RepoPaths.Root);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(result.Stdout, Does.StartWith("call from +13125550123 to +13125550100 at 2026-12-25 10:00 Fri (America/Chicago)\nroute: outage/main\n"));
            Assert.That(result.Stdout, Does.Contain("  http GET http://127.0.0.1:9/api/outages/nearby?caller=%2B13125550123 -> failed"));
            Assert.That(result.Stdout, Does.Contain("  play tts \"Say report an outage, check a report, or agent. You can also press 1, 2 or 0.\""));
            Assert.That(result.Stdout, Does.Contain("  silence 7s: timeout after 6s\n"));
            Assert.That(result.Stdout, Does.Contain("  heard \"agent\"\n"));
            Assert.That(result.Stdout, Does.EndWith("outcome: transferred sip:outage-desk@pbx.power.example at main/agent\n"));
        });
    }

    [TestCase("dialplans/bank.yaml", "apii", "--var apii: the dialplans declare no variable 'apii' (did you mean 'api'?)")]
    [TestCase("dialplans/bank.yaml", "zzz", "--var zzz: the dialplans declare no variable 'zzz' (expected one of: api, account, language, voice)")]
    [TestCase("dialplans/demo.yaml", "x", "--var x: the dialplans declare no variable 'x' (expected one of: language, voice)")]
    public async Task Dialplan_simulate_refuses_a_var_the_dialplans_do_not_declare(string file, string name, string message)
    {
        var result = await ProcessRunner.RunAsync(
            "dotnet", [RepoPaths.TelephonyDll, "dialplan", "simulate", file, "--to", "+442079460100", "--var", name + "=http://127.0.0.1:9"], TimeSpan.FromSeconds(60), RepoPaths.Root);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.Stderr, Does.StartWith("telephony: ").And.Contain(message));
            Assert.That(result.Stdout, Is.Empty, "no call is simulated");
        });
    }

    [Test]
    public async Task Dialplan_simulate_of_an_unrouted_number_exits_1()
    {
        var result = await ProcessRunner.RunAsync(
            "dotnet", [RepoPaths.TelephonyDll, "dialplan", "simulate", "dialplans/bank.yaml", "--to", "+15550000"], TimeSpan.FromSeconds(60), RepoPaths.Root);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Stdout, Does.Contain("no route takes this call"));
        });
    }

    [Test]
    public async Task Dialplan_validate_of_the_samples_prints_only_a_summary_and_exits_0()
    {
        var result = await ProcessRunner.RunAsync(
            "dotnet", [RepoPaths.TelephonyDll, "dialplan", "validate", "dialplans/demo.yaml", "dialplans/bank.yaml", "dialplans/outage.yaml"],
            TimeSpan.FromSeconds(60), RepoPaths.Root);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(result.Stdout, Does.Match(@"^3 files valid: 6 flows, \d+ steps\n$"));
            Assert.That(result.Stderr, Is.Empty);
        });
    }

    [Test]
    public async Task Dialplan_validate_prints_each_error_as_file_line_column_and_exits_1()
    {
        var broken = Path.Combine(RepoPaths.Root, "tests", "Telephony.Dialplan.Tests", "Broken");
        var files = new[] { "misspelt-field", "dangling-goto", "yaml-syntax" }.Select(n => Path.Combine(broken, n + ".yaml")).ToArray();

        var result = await ProcessRunner.RunAsync("dotnet", [RepoPaths.TelephonyDll, "dialplan", "validate", .. files], TimeSpan.FromSeconds(60), RepoPaths.Root);

        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
            Assert.That(lines[..^1], Is.EqualTo(new[]
            {
                $"{files[0]}:5:7: error: unknown field 'promt' in 'menu' (did you mean 'prompt'?)",
                $"{files[1]}:5:13: error: no step named 'mian-menu' in flow 'main' (did you mean 'main-menu'?)",
                $"{files[2]}:4:21: error: invalid YAML: the structure breaks after this point (is a '[', '{{' or quote left unclosed?)",
            }));
            Assert.That(lines[^1], Is.EqualTo("3 errors in 3 of 3 files"));
        });
    }

    [Test]
    public async Task Dialplan_validate_of_a_missing_file_exits_2()
    {
        var result = await Telephony("dialplan", "validate", "/nonexistent/plan.yaml");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stdout, Does.StartWith("/nonexistent/plan.yaml:1:1: error: cannot read"));
        });
    }

    [TestCase("mermaid", "flowchart TD\n")]
    [TestCase("dot", "digraph \"bank\" {\n")]
    public async Task Dialplan_graph_draws_a_sample(string format, string start)
    {
        var result = await ProcessRunner.RunAsync(
            "dotnet", [RepoPaths.TelephonyDll, "dialplan", "graph", "dialplans/bank.yaml", "--format", format], TimeSpan.FromSeconds(60), RepoPaths.Root);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(result.Stdout, Does.StartWith(start).And.Contain("choice 1"));
        });
    }
}
