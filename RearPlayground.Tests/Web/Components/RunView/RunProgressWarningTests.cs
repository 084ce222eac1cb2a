using Bunit;
using RearPlayground.Web.Components.Shared.RunView;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Search.Events;
using RearPlayground.Worker.Search.Warnings;

namespace RearPlayground.Tests.Web.Components.RunView;

/// <summary>The live view shows a run's warning codes as chips when runFinished brings them (through the event JSON), and none before or without.</summary>
public class RunProgressWarningTests : MudTestContext
{
    private static RunViewState StateOf(RunEvents events)
    {
        var state = new RunViewState();
        state.ApplyAll(events.Messages);
        return state;
    }

    private static RunEvents BestOfOne() => new RunEvents().Started("bon").Progress(1, 2)
        .Node(0, null, 0, 1, "Tom ran.", -1).Finish(0, 0, "Tom ran.", -1);

    [Fact]
    public void The_warnings_of_run_finished_show_as_chips_holding_their_codes()
    {
        var events = BestOfOne().Add(new RunFinished(0, new SearchCounts(1, 1, 1), new SearchTimings(1, 1, 1, 3))
        {
            Warnings = [new(RunWarning.ScoresTied, "Every candidate scored the same (-1)."), new(RunWarning.PreferenceEmpty, "No preference was given.")],
        });
        var cut = Render<RunProgress>(p => p.Add(c => c.State, StateOf(events)));
        var chips = cut.Find("[data-testid=live-warning]").QuerySelectorAll(".mud-chip");
        Assert.Equal(["scores-tied", "preference-empty"], chips.Select(c => c.TextContent.Trim()));
        Assert.Equal("No preference was given.", chips[1].GetAttribute("title"));
    }

    [Fact]
    public void No_chips_while_running_or_for_a_run_without_warnings()
    {
        Assert.Empty(Render<RunProgress>(p => p.Add(c => c.State, StateOf(BestOfOne()))).FindAll("[data-testid=live-warning]"));
        Assert.Empty(Render<RunProgress>(p => p.Add(c => c.State, StateOf(BestOfOne().End(0)))).FindAll("[data-testid=live-warning]"));
    }
}
