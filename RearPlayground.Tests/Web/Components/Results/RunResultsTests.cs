using System.Text.Json;
using Bunit;
using Hangfire;
using Hangfire.InMemory;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Tests.Data;
using RearPlayground.Tests.Support;
using RearPlayground.Web.Components.Pages.Runs.Results;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Tokenization;
using static RearPlayground.Tests.Results.ResultsSamples;

namespace RearPlayground.Tests.Web.Components.Results;

/// <summary>
/// The results component on a real store (temp SQLite file): rank order at the run's λ, re-ranking when the λ controls
/// move, heatmap tokens with their values, the GenRM button's pending state picking up stored scores, text never markup.
/// </summary>
[Collection("Hangfire")]
public sealed class RunResultsTests : MudTestContext
{
    private static readonly ITextTokenizer Tokenizer = TokenizerLoader.Load(SharedModels.Stories);
    private readonly InMemoryStorage _jobs;
    private bool _storeAdded;

    public RunResultsTests()
    {
        // Hangfire's log provider is process-wide: a web app test disposed before us may have left its logger factory there.
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        _jobs = new InMemoryStorage();
        Services.AddSingleton(new TokenizerCache(new ModelLocator([Path.Combine(SharedModels.Root, "models")])));
        Services.AddSingleton(new GenRmRanks(new BackgroundJobClient(_jobs), _jobs));
    }

    [Fact]
    public async Task Ranks_at_the_runs_lambda_and_reorders_when_the_lambda_controls_move()
    {
        await using var db = await TempDatabase.CreateAsync();
        // At the run's λ = 0.5: A = −1.5, B = −2 (A first); past λ = 2/3 B overtakes; the empty response stays last.
        var id = await RunAsync(db, """{"lambda":0.5,"seed":3}""", A(0), B(1), Candidate(2, "", [], []));
        var cut = Show(db, id);

        Assert.Equal(["A", "B", ""], Texts(cut));
        Assert.Equal(["-1.500", "-2.000", "−∞"], Scores(cut));
        Assert.Single(cut.FindAll("[data-testid=candidate-best]"));
        Assert.Equal("A", cut.Find("[data-testid=candidate]:has([data-testid=candidate-best]) [data-testid=candidate-text]").TextContent);
        // Baselines: at λ = 0 A is first, at λ = 1 B is.
        Assert.Equal(["λ=0: 1", "λ=0: 2", "λ=0: 3"], cut.FindAll("[data-testid=rank-l0]").Select(e => e.TextContent.Trim()));
        Assert.Equal(["λ=1: 2", "λ=1: 1", "λ=1: 3"], cut.FindAll("[data-testid=rank-l1]").Select(e => e.TextContent.Trim()));

        Until(cut, () => cut.Find("input[data-testid=rank-lambda-value]").Change("0.7"), () => Assert.Equal(["B", "A", ""], Texts(cut)));
        Assert.Equal(["-1.600", "-1.700", "−∞"], Scores(cut));

        Until(cut, () => cut.Find("input[data-testid=rank-lambda]").Input("-5"), () => Assert.Equal(["A", "B", ""], Texts(cut)));
        Assert.Equal(["4.000", "-13.000", "−∞"], Scores(cut));
        Assert.Equal("-5", cut.Find("input[data-testid=rank-lambda-value]").GetAttribute("value"));
    }

    [Fact]
    public async Task The_lambda_field_stops_at_a_million_so_no_score_overflows()
    {
        await using var db = await TempDatabase.CreateAsync();
        var id = await RunAsync(db, """{"lambda":0.5,"seed":3}""", A(0), B(1));
        var cut = Show(db, id);

        Until(cut, () => cut.Find("input[data-testid=rank-lambda-value]").Change("1e308"),
            () => Assert.Equal("1000000", cut.Find("input[data-testid=rank-lambda-value]").GetAttribute("value")));

        Assert.All(Scores(cut), s => Assert.True(double.IsFinite(double.Parse(s.Replace('−', '-'), System.Globalization.CultureInfo.InvariantCulture)), s));
    }

    [Fact]
    public async Task Heatmap_tokens_show_their_text_and_values_and_follow_lambda_and_the_mode()
    {
        await using var db = await TempDatabase.CreateAsync();
        var a = Tokenizer.Encode("Once upon").ToArray(); // SentencePiece adds the leading space itself
        var b = Tokenizer.Encode("a time").ToArray();
        var id = await RunAsync(db, """{"lambda":0.5}""", (A(0), a), (B(1), b));
        var cut = Show(db, id);

        // Side by side: A (first) beside B; r_t = 0.5·ℓ0 + 0.5·ℓp.
        var tokens = cut.FindAll("[data-testid=heatmap-token]");
        Assert.Equal([" Once", " upon", " a", " time"], tokens.Select(t => t.TextContent));
        Assert.Equal([-0.75, -2.25, -1.5, -2.5], tokens.Select(t => double.Parse(t.GetAttribute("data-value")!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains("ℓ0 -0.500", tokens[0].GetAttribute("title"));
        Assert.Contains("ℓp -1.000", tokens[0].GetAttribute("title"));
        // The strongest |r_t| of the run (ℓ of B's second token: −2.5) gets the full tint.
        Assert.Contains("rgba(178, 24, 43, 0.85)", tokens[3].GetAttribute("style"));

        Until(cut, () => cut.FindAll("[data-testid=heatmap-token]")[1].MouseEnter(),
            () => Assert.Contains("“ upon”", cut.FindAll("[data-testid=heatmap-detail]")[0].TextContent));
        Assert.Contains("r_t (λ 0.50) -2.250", cut.FindAll("[data-testid=heatmap-detail]")[0].TextContent);

        // B's second token at λ = 2: (1 − 2)·(−4) + 2·(−1) = 2.
        Until(cut, () => cut.Find("input[data-testid=rank-lambda-value]").Change("2"),
            () => Assert.Equal("2", cut.FindAll("[data-testid=heatmap-token]")[3].GetAttribute("data-value")));
        Until(cut, () => cut.FindAll(".mud-toggle-item")[1].Click(), // ℓp − ℓ0
            () => Assert.Equal(["-0.5", "-1.5", "1", "3"], cut.FindAll("[data-testid=heatmap-token]").Select(t => t.GetAttribute("data-value"))));
    }

    [Fact]
    public async Task Model_output_is_text_and_tokens_show_ids_without_the_tokenizer()
    {
        await using var db = await TempDatabase.CreateAsync();
        const string evil = "<script>alert(1)</script><img src=x onerror=alert(2)>";
        var id = await RunAsync(db, "{}", model: "no-such-model", Candidate(0, evil, [-1f], [-1f]), Candidate(1, "fine", [-2f], [-2f]));
        var cut = Show(db, id);

        Assert.Equal(evil, cut.FindAll("[data-testid=candidate-text]")[0].TextContent);
        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(cut.FindAll("img"));
        Assert.Equal(["[100]", "[100]"], cut.FindAll("[data-testid=heatmap-token]").Select(t => t.TextContent));
        cut.Find("[data-testid=tokens-as-ids]");
    }

    [Fact]
    public async Task GenRm_ranks_are_pending_after_the_button_and_appear_once_the_scores_are_stored()
    {
        await using var db = await TempDatabase.CreateAsync();
        var id = await RunAsync(db, "{}", A(0), B(1));
        var cut = Show(db, id);
        Assert.Equal(["GenRM: —", "GenRM: —"], cut.FindAll("[data-testid=rank-genrm]").Select(e => e.TextContent.Trim()));

        Until(cut, () => cut.Find("[data-testid=genrm-compute]").Click(), () => cut.Find("[data-testid=genrm-pending]"));
        // One job (a second click joins it), waiting on the searches' queue.
        Assert.Single(_jobs.GetMonitoringApi().EnqueuedJobs(RearPlayground.Worker.Jobs.RunJob.DatabaseQueue, 0, 10));

        // What the job does when it finishes: the component's poll picks the scores up.
        // B ranks first by S_REAR at the run's λ = 20 but last by GenRM.
        await db.Store.SetGenRmScoresAsync(id, new Dictionary<int, double> { [0] = 5, [1] = -1 });
        cut.WaitForAssertion(() => Assert.Equal(["GenRM: 2", "GenRM: 1"], cut.FindAll("[data-testid=rank-genrm]").Select(e => e.TextContent.Trim())),
            TimeSpan.FromSeconds(10));
        cut.Find("[data-testid=genrm-ready]");
    }

    [Fact]
    public async Task A_run_that_has_not_succeeded_or_does_not_exist_says_so()
    {
        await using var db = await TempDatabase.CreateAsync();
        var running = await db.CreateRunAsync(RunStatus.Running);
        Services.AddSingleton(db.Store);
        var cut = Render<RunResults>(p => p.Add(r => r.RunId, running.Id));
        cut.WaitForAssertion(() => Assert.Contains("it is running", cut.Find("[data-testid=results-message]").TextContent), TimeSpan.FromSeconds(10));
        cut.Render(p => p.Add(r => r.RunId, Guid.NewGuid()));
        cut.WaitForAssertion(() => Assert.Contains("no run", cut.Find("[data-testid=results-message]").TextContent), TimeSpan.FromSeconds(10));
    }

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> Show(TempDatabase db, Guid runId)
    {
        if (!_storeAdded) Services.AddSingleton(db.Store);
        _storeAdded = true;
        var cut = RenderWithPopovers(b =>
        {
            b.OpenComponent<RunResults>(0);
            b.AddAttribute(1, nameof(RunResults.RunId), runId);
            b.CloseComponent();
        });
        cut.WaitForAssertion(() => Assert.True(cut.FindAll("[data-testid=candidate], [data-testid=results-message]").Count > 0), TimeSpan.FromSeconds(10));
        return cut;
    }

    /// <summary>
    /// Acts, then waits for the outcome; acts again while it is missing. MudBlazor components re-render on their own
    /// after JS interop, which can replace an element's event handler between finding it and firing the event.
    /// </summary>
    private static void Until(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut, Action act, Action outcome) =>
        cut.WaitForAssertion(() =>
        {
            try { outcome(); }
            catch (Exception e) when (e is Xunit.Sdk.XunitException or ElementNotFoundException)
            {
                act();
                outcome();
            }
        }, TimeSpan.FromSeconds(10));

    private static Task<Guid> RunAsync(TempDatabase db, string requestJson, params ResultCandidate[] candidates) =>
        RunAsync(db, requestJson, "stories260K", candidates);

    private static Task<Guid> RunAsync(TempDatabase db, string requestJson, params (ResultCandidate Candidate, int[] Ids)[] candidates) =>
        StoreAsync(db, requestJson, "stories260K", [.. candidates.Select(c => Entity(c.Candidate, c.Ids))]);

    private static Task<Guid> RunAsync(TempDatabase db, string requestJson, string model, params ResultCandidate[] candidates) =>
        StoreAsync(db, requestJson, model, [.. candidates.Select(c => Entity(c))]);

    // A succeeded run with these candidates, written as the job writes them.
    private static async Task<Guid> StoreAsync(TempDatabase db, string requestJson, string model, CandidateEntity[] candidates)
    {
        var run = new RunEntity
        {
            Id = Guid.NewGuid(), Owner = "alice", Model = model, Method = "bon", Question = "Once upon a time", Preference = "cats",
            RequestJson = requestJson, Status = RunStatus.Running,
        };
        await db.Store.CreateAsync(run);
        await db.Store.AppendAsync(run.Id, new("candidateFinished", "{}") { Candidates = candidates });
        await db.Store.AppendAsync(run.Id, new("runFinished", "{}") { UpdateRun = r => { r.Status = RunStatus.Succeeded; r.Best = 0; } });
        return run.Id;
    }

    private static string[] Texts(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut) =>
        [.. cut.FindAll("[data-testid=candidate] [data-testid=candidate-text]").Select(e => e.TextContent)];

    private static string[] Scores(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut) =>
        [.. cut.FindAll("[data-testid=candidate] [data-testid=candidate-score]").Select(e => e.TextContent.Trim())];
}
