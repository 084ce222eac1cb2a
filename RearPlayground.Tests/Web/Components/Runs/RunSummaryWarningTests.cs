using System.Text.Json;
using Bunit;
using RearPlayground.Data.Entities;
using RearPlayground.Web.Components.Pages.Runs;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Search.Warnings;

namespace RearPlayground.Tests.Web.Components.Runs;

/// <summary>
/// The run page's summary shows each of the run's warnings as an alert (a banner) holding its code and message, old rows'
/// plain strings as notes, and the step rule the run ran with.
/// </summary>
public class RunSummaryWarningTests : MudTestContext
{
    private static RunEntity Run(string? warningsJson) => new()
    {
        Id = Guid.NewGuid(), Owner = "alice", Model = "stories260K", Method = "dvts", Question = "Once upon a time",
        RequestJson = "{}", Status = RunStatus.Succeeded, WarningsJson = warningsJson,
    };

    private static readonly RunRequest Request = new() { Model = "stories260K", Method = "dvts", Question = "Once upon a time", StepTokens = 8, Stop = "\n\n", MaxTokens = 8 };

    [Fact]
    public void Each_warning_is_an_alert_holding_its_code_and_message()
    {
        RunWarning[] warnings =
        [
            new(RunWarning.ScoresTied, "Every candidate scored the same (-1), so the pick is the first candidate."),
            new(RunWarning.GenRmDegenerate, "GenRM's Yes and No were tied or unreadable on every candidate <b>."),
        ];
        var cut = Render<RunSummary>(p => p.Add(s => s.Run, Run(JsonSerializer.Serialize(warnings, StoredJson.Options))).Add(s => s.Request, Request));
        var alerts = cut.FindAll("[data-testid=run-warning]");
        Assert.Equal(2, alerts.Count);
        Assert.All(alerts, a => Assert.Contains("mud-alert-text-warning", a.ClassName));
        Assert.Equal(["scores-tied", "genrm-degenerate"], cut.FindAll("[data-testid=run-warning-code]").Select(c => c.TextContent));
        Assert.Contains("scores-tied", alerts[0].TextContent);
        Assert.Contains(warnings[0].Message, alerts[0].TextContent);
        Assert.Contains(warnings[1].Message, alerts[1].TextContent); // as text: no <b> element from the message
        Assert.Single(alerts[1].QuerySelectorAll("b"));
        Assert.Contains("8 tokens or \"\\n\\n\", at most 40 steps", cut.Markup);
    }

    [Fact]
    public void An_old_plain_string_warning_shows_as_a_note()
    {
        const string warning = "The tree search ended after a single step, so DVTS picked among 4 one-step answers as Best-of-N would: max steps is 1.";
        var cut = Render<RunSummary>(p => p.Add(s => s.Run, Run(JsonSerializer.Serialize(new[] { warning }))).Add(s => s.Request, Request));
        var alert = cut.Find("[data-testid=run-warning]");
        Assert.Equal("note", alert.QuerySelector("[data-testid=run-warning-code]")!.TextContent);
        Assert.Contains(warning, alert.TextContent);
    }

    [Fact]
    public void No_warnings_no_alert()
    {
        var cut = Render<RunSummary>(p => p.Add(s => s.Run, Run(null)).Add(s => s.Request, Request with { StepTokens = null, Stop = null }));
        Assert.Empty(cut.FindAll("[data-testid=run-warning]"));
        Assert.Contains("chosen per model", cut.Markup);
    }
}
