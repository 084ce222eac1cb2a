using Bunit;
using Hangfire;
using Hangfire.InMemory;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Entities;
using RearPlayground.Tests.Data;
using RearPlayground.Tests.Support;
using RearPlayground.Web.Components.Pages.Runs.Results;
using RearPlayground.Web.Runs;
using RearPlayground.Worker.Engine;
using static RearPlayground.Tests.Results.ResultsSamples;

namespace RearPlayground.Tests.Web.Components.Results;

/// <summary>The results page shows a run's greedy baseline apart from the ranking, with its S_REAR at the chosen λ.</summary>
[Collection("Hangfire")]
public sealed class GreedyBaselineResultsTests : MudTestContext
{
    public GreedyBaselineResultsTests()
    {
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        var jobs = new InMemoryStorage();
        Services.AddSingleton(new TokenizerCache(new ModelLocator(SharedModels.Directories)));
        Services.AddSingleton(new GenRmRanks(new BackgroundJobClient(jobs), jobs));
    }

    [Fact]
    public async Task The_greedy_baseline_is_shown_apart_labelled_and_scored_at_the_chosen_lambda()
    {
        await using var db = await TempDatabase.CreateAsync();
        // G scores −1 at every λ (ℓ0 = ℓp = −1); at λ = 0.5 A = −1.5 and B = −2, at λ = −5 A = 4 and B = −13.
        var greedy = Entity(Candidate(2, "G <b>bold</b>", [-1f, -1f], [-1f, -1f]));
        greedy.Baseline = "greedy";
        var id = await StoreAsync(db, Entity(A(0)), Entity(B(1)), greedy);
        Services.AddSingleton(db.Store);
        var cut = RenderWithPopovers(b =>
        {
            b.OpenComponent<RunResults>(0);
            b.AddAttribute(1, nameof(RunResults.RunId), id);
            b.CloseComponent();
        });
        cut.WaitForAssertion(() => cut.Find("[data-testid=greedy-baseline]"), TimeSpan.FromSeconds(10));

        // The ranking holds the N only; the baseline is its own block.
        Assert.Equal(["A", "B"], cut.FindAll("[data-testid=candidate] [data-testid=candidate-text]").Select(e => e.TextContent));
        Assert.Empty(cut.FindAll("[data-testid=candidate] [data-testid=greedy-baseline], [data-testid=greedy-baseline] [data-testid=candidate]"));
        Assert.Equal("Greedy baseline — not among the 2", cut.Find("[data-testid=greedy-label]").TextContent);
        Assert.Equal("-1.000", cut.Find("[data-testid=greedy-score]").TextContent.Trim());
        Assert.Contains("above all 2 at λ = 0.5", cut.Find("[data-testid=greedy-compare]").TextContent);
        // Text, never markup.
        Assert.Equal("G <b>bold</b>", cut.Find("[data-testid=greedy-text]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=greedy-text] b"));
        Assert.Contains("2 candidates ranked", cut.Find("[data-testid=results-summary]").TextContent);

        cut.WaitForAssertion(() =>
        {
            cut.Find("input[data-testid=rank-lambda-value]").Change("-5");
            Assert.Contains("below 1 of the 2 at λ = -5", cut.Find("[data-testid=greedy-compare]").TextContent);
        }, TimeSpan.FromSeconds(10));
        Assert.Equal("-1.000", cut.Find("[data-testid=greedy-score]").TextContent.Trim());
    }

    [Fact]
    public async Task A_run_without_the_baseline_shows_no_block()
    {
        await using var db = await TempDatabase.CreateAsync();
        var id = await StoreAsync(db, Entity(A(0)), Entity(B(1)));
        Services.AddSingleton(db.Store);
        var cut = Render<RunResults>(p => p.Add(r => r.RunId, id));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=candidate]").Count), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=greedy-baseline]"));
    }

    private static async Task<Guid> StoreAsync(TempDatabase db, params CandidateEntity[] candidates)
    {
        var run = new RunEntity
        {
            Id = Guid.NewGuid(), Owner = "alice", Model = "stories260K", Method = "bon", Question = "Once upon a time", Preference = "cats",
            RequestJson = """{"lambda":0.5,"seed":3,"includeGreedy":true}""", Status = RunStatus.Running,
        };
        await db.Store.CreateAsync(run);
        await db.Store.AppendAsync(run.Id, new("candidateFinished", "{}") { Candidates = candidates });
        await db.Store.AppendAsync(run.Id, new("runFinished", "{}") { UpdateRun = r => { r.Status = RunStatus.Succeeded; r.Best = 0; } });
        return run.Id;
    }
}
