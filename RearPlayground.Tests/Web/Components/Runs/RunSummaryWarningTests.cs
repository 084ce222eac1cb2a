using System.Text.Json;
using Bunit;
using RearPlayground.Data.Entities;
using RearPlayground.Web.Components.Pages.Runs;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Tests.Web.Components.Runs;

/// <summary>The run page's summary shows the run's warnings as alerts, and the step rule the run ran with.</summary>
public class RunSummaryWarningTests : MudTestContext
{
    private static RunEntity Run(string? warningsJson) => new()
    {
        Id = Guid.NewGuid(), Owner = "alice", Model = "stories260K", Method = "dvts", Question = "Once upon a time",
        RequestJson = "{}", Status = RunStatus.Succeeded, WarningsJson = warningsJson,
    };

    private static readonly RunRequest Request = new() { Model = "stories260K", Method = "dvts", Question = "Once upon a time", StepTokens = 8, Stop = "\n\n", MaxTokens = 8 };

    [Fact]
    public void A_warning_is_an_alert_in_the_summary()
    {
        const string warning = "The tree search ended after a single step, so DVTS picked among 4 one-step answers as Best-of-N would: max steps is 1.";
        var cut = Render<RunSummary>(p => p.Add(s => s.Run, Run(JsonSerializer.Serialize(new[] { warning }))).Add(s => s.Request, Request));
        var alert = cut.Find("[data-testid=run-warning]");
        Assert.Contains("mud-alert", alert.ClassName);
        Assert.Equal(warning, alert.TextContent.Trim());
        Assert.Contains("8 tokens or \"\\n\\n\", at most 40 steps", cut.Markup);
    }

    [Fact]
    public void No_warnings_no_alert()
    {
        var cut = Render<RunSummary>(p => p.Add(s => s.Run, Run(null)).Add(s => s.Request, Request with { StepTokens = null, Stop = null }));
        Assert.Empty(cut.FindAll("[data-testid=run-warning]"));
        Assert.Contains("chosen per model", cut.Markup);
    }
}
