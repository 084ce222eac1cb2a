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
using RearPlayground.Web.Runs;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Tokenization;
using static RearPlayground.Tests.Results.ResultsSamples;

namespace RearPlayground.Tests.Web.Components.Results;

/// <summary>
/// The results component on a real store (temp SQLite file): rank order at the run's λ, re-ranking when the λ controls
/// move, the run's pick and the best at λ marked apart, chips explained, the comparison in a tab with each text once,
/// heatmap tokens with their values, the GenRM button's pending state picking up stored scores, text never markup.
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
        Services.AddSingleton(new TokenizerCache(new ModelLocator(SharedModels.Directories)));
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
        OpenCompare(cut);

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
        OpenCompare(cut);
        // Ids are no text: beside them the plain text stays, as text.
        Assert.Equal([evil, "fine"], cut.FindAll("[data-testid=compare-text]").Select(e => e.TextContent));
        Assert.Empty(cut.FindAll("script"));
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
    public async Task The_runs_pick_and_the_best_at_lambda_carry_their_own_badges_on_one_card_or_two()
    {
        await using var db = await TempDatabase.CreateAsync();
        // The run picked #0 (A); at its λ = 0.5 A is also first, past λ = 2/3 B is.
        var id = await RunAsync(db, """{"lambda":0.5,"seed":3}""", A(0), B(1));
        var cut = Show(db, id);

        var a = Card(cut, 0);
        Assert.Equal("picked by the run", a.QuerySelector("[data-testid=candidate-picked]")!.TextContent.Trim());
        Assert.Equal("best at λ = 0.50", a.QuerySelector("[data-testid=candidate-best]")!.TextContent.Trim());
        Assert.Null(Card(cut, 1).QuerySelector("[data-testid=candidate-picked], [data-testid=candidate-best]"));

        Until(cut, () => cut.Find("input[data-testid=rank-lambda-value]").Change("0.7"), () => Assert.Equal(["B", "A"], Texts(cut)));
        Assert.Single(cut.FindAll("[data-testid=candidate-picked]"));
        Assert.Single(cut.FindAll("[data-testid=candidate-best]"));
        Assert.NotNull(Card(cut, 0).QuerySelector("[data-testid=candidate-picked]"));
        Assert.Null(Card(cut, 0).QuerySelector("[data-testid=candidate-best]"));
        Assert.Equal("best at λ = 0.70", Card(cut, 1).QuerySelector("[data-testid=candidate-best]")!.TextContent.Trim());
        Assert.Null(Card(cut, 1).QuerySelector("[data-testid=candidate-picked]"));
    }

    [Fact]
    public async Task Every_chip_on_a_card_explains_itself_in_a_tooltip()
    {
        await using var db = await TempDatabase.CreateAsync();
        var id = await RunAsync(db, """{"lambda":0.5,"seed":3}""", A(0), B(1));
        var cut = Show(db, id);

        var expected = new Dictionary<string, string>
        {
            ["candidate-picked"] = "chose",
            ["candidate-best"] = "Ranks first by S_REAR at λ = 0.50",
            ["rank-l0"] = "without the preference",
            ["rank-l1"] = "with the preference",
            ["rank-random"] = "seeded random order (seed 3)",
            ["rank-genrm"] = "log P(Yes) − log P(No)",
            ["candidate-finish"] = "max-tokens limit", // A was cut at max tokens
        };
        foreach (var (chip, text) in expected)
        {
            Until(cut, () => Card(cut, 0).QuerySelector($"[data-testid={chip}]")!.Closest(".mud-tooltip-root")!.PointerEnter(),
                () => Assert.Contains(cut.FindAll(".mud-tooltip"), t => t.TextContent.Contains(text, StringComparison.Ordinal)));
            Card(cut, 0).QuerySelector($"[data-testid={chip}]")!.Closest(".mud-tooltip-root")!.PointerLeave();
        }
        // The heatmap's colour modes (r_t, ℓp − ℓ0) too.
        Until(cut, () => cut.Find("[data-testid=heat-mode-help]").PointerEnter(),
            () => Assert.Contains(cut.FindAll(".mud-tooltip"), t => t.TextContent.Contains("r_t = (1 − λ)·ℓ0_t + λ·ℓp_t", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Compare_is_a_tab_beside_the_ranking_and_shows_each_text_once()
    {
        await using var db = await TempDatabase.CreateAsync();
        var a = Tokenizer.Encode("Once upon").ToArray();
        var b = Tokenizer.Encode("a time").ToArray();
        var id = await RunAsync(db, """{"lambda":0.5}""",
            (Candidate(0, " Once upon", [-0.5f, -1.5f], [-1f, -3f]), a), (Candidate(1, " a time", [-2f, -4f], [-1f, -1f]), b));
        var cut = Show(db, id);

        // The tabs head the ranking column: no candidate card comes before them, and the comparison is not at the foot.
        var tabs = cut.Find("[data-testid=results-tabs]");
        Assert.Equal(["Ranking (2)", "Compare"], tabs.QuerySelectorAll(".mud-tab").Select(t => t.TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=compare]"));
        Assert.True(tabs.QuerySelector(".mud-tabs-tabbar")!.CompareDocumentPosition(cut.Find("[data-testid=candidate]")).HasFlag(AngleSharp.Dom.DocumentPositions.Following));

        OpenCompare(cut);
        Assert.Empty(cut.FindAll("[data-testid=candidate]")); // the ranking's cards are in the other tab
        var compare = cut.Find("[data-testid=compare]").TextContent;
        Assert.Equal(1, Count(compare, "Once upon"));
        Assert.Equal(1, Count(compare, "a time"));
        // The heatmap's tokens are decoded after the tab opens: wait for them (the assertion once ran first under load).
        cut.WaitForAssertion(() => Assert.Equal([" Once", " upon", " a", " time"], cut.FindAll("[data-testid=heatmap-token]").Select(t => t.TextContent)));

        // A card's tokens replace its plain text rather than repeating it.
        Until(cut, () => cut.FindAll("[data-testid=results-tabs] .mud-tab")[0].Click(), () => cut.Find("[data-testid=candidate]"));
        Until(cut, () => cut.FindAll("[data-testid=candidate-tokens]")[0].Click(), () => Assert.NotEmpty(Card(cut, 0).QuerySelectorAll("[data-testid=heatmap-token]")));
        Assert.Equal(1, Count(Card(cut, 0).TextContent, "Once upon"));
    }

    private static void OpenCompare(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut) =>
        Until(cut, () => cut.FindAll("[data-testid=results-tabs] .mud-tab").Single(t => t.TextContent.Trim() == "Compare").Click(),
            () => cut.Find("[data-testid=compare]"));

    private static int Count(string text, string part)
    {
        var n = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) n++;
        return n;
    }

    private static AngleSharp.Dom.IElement Card(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut, int index) =>
        cut.Find($"[data-testid=candidate][data-index='{index}']");

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
