using System.Text.Json;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Search.Events;
using RearPlayground.Worker.Search.Warnings;

namespace RearPlayground.Tests.Search.Warnings;

/// <summary>
/// Warnings in JSON are <c>{code, message}</c>; what was stored before they had codes (plain strings, in run rows and in
/// stored runFinished events, read again by replay and the live view's backlog) reads as code "note".
/// </summary>
public class RunWarningJsonTests
{
    [Fact]
    public void A_warning_writes_code_and_message_and_reads_back()
    {
        RunWarning[] warnings = [new(RunWarning.ScoresTied, "Every candidate scored \"the same\"."), new(RunWarning.ScoreNotFinite, "NaN")];
        var json = JsonSerializer.Serialize(warnings, StoredJson.Options);
        Assert.Equal("""[{"code":"scores-tied","message":"Every candidate scored \u0022the same\u0022."},{"code":"score-not-finite","message":"NaN"}]""", json);
        Assert.Equal(warnings, RunWarningJsonConverter.ReadStored(json));
    }

    [Fact]
    public void A_stored_row_of_plain_strings_reads_as_notes_and_none_as_empty()
    {
        Assert.Equal([new RunWarning("note", "ended after a single step")], RunWarningJsonConverter.ReadStored("""["ended after a single step"]"""));
        Assert.Empty(RunWarningJsonConverter.ReadStored(null));
        Assert.Empty(RunWarningJsonConverter.ReadStored("[]"));
    }

    [Fact]
    public void An_old_run_finished_event_with_string_warnings_still_reads()
    {
        var finished = new RunFinished(3, new(10, 20, 5), new(1, 2, 3, 6)) { Warnings = [new(RunWarning.SingleStep, "one step")] };
        var line = EventJson.Serialize(finished);
        Assert.Contains("""
            "warnings":[{"code":"single-step","message":"one step"}]
            """, line);
        var old = line.Replace("""[{"code":"single-step","message":"one step"}]""", """["one step"]""", StringComparison.Ordinal);
        var read = Assert.IsType<RunFinished>(EventJson.Deserialize(old));
        Assert.Equal([new RunWarning(RunWarning.Note, "one step")], read.Warnings);
        Assert.Equal(finished.Warnings, Assert.IsType<RunFinished>(EventJson.Deserialize(line)).Warnings);
    }
}
