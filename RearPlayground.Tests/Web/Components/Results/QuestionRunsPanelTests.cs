using Bunit;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Entities;
using RearPlayground.Tests.Data;
using RearPlayground.Web.Components.Pages.Runs.Results;
using RearPlayground.Web.Runs;
using RearPlayground.Worker.Contracts;
using static RearPlayground.Tests.Results.ResultsSamples;

namespace RearPlayground.Tests.Web.Components.Results;

/// <summary>
/// "Compare with runs of this question" on a real store: the runs of the same model, question, preference and system
/// listed (this run first), each named by kind with its REAR pick at its own λ as plain text; runs of another question or
/// preference left out; the three requests share the seed and differ only in method, N and guidance.
/// </summary>
public sealed class QuestionRunsPanelTests : MudTestContext
{
    [Fact]
    public async Task Guided_best_of_n_rear_and_guided_bon_of_one_question_are_listed_with_their_rear_picks()
    {
        await using var db = await TempDatabase.CreateAsync();
        Services.AddSingleton(db.Store);
        // At λ = 0.5 A (−1.5) beats B (−2); at λ = 1 B (−1) beats A (−2): each run's pick follows its own λ.
        var plain = await StoreAsync(db, "bon", """{"lambda":0.5,"seed":7,"n":2}""", "cats", A(0), B(1));
        var guided = await StoreAsync(db, "guided", """{"lambda":20,"seed":7,"n":1,"guidance":3}""", "cats",
            Candidate(0, "<b>guided</b>", [-1f], [-0.5f]));
        var guidedBon = await StoreAsync(db, "bon", """{"lambda":1,"seed":7,"n":2,"guidance":3}""", "cats", A(0), B(1));
        await StoreAsync(db, "guided", """{"lambda":20,"seed":7,"n":1,"guidance":3}""", "dogs", Candidate(0, "other preference", [-1f], [-1f]));
        await StoreAsync(db, "bon", """{"lambda":20,"seed":7,"n":2,"system":"Be brief."}""", "cats", A(0), B(1));

        var run = (await db.Store.FindAsync(plain))!;
        var cut = RenderWithPopovers(b =>
        {
            b.OpenComponent<QuestionRunsPanel>(0);
            b.AddAttribute(1, nameof(QuestionRunsPanel.Run), run);
            b.CloseComponent();
        });
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=question-run]").Count), TimeSpan.FromSeconds(5));

        var cards = cut.FindAll("[data-testid=question-run]");
        Assert.Equal("Best-of-N-REAR", cards[0].GetAttribute("data-kind"));
        Assert.Contains("this run", cards[0].TextContent);
        Assert.Equal(["Best-of-N-REAR", "Guided", "Guided Best-of-N"], cards.Select(c => c.GetAttribute("data-kind")!).Order());
        string Text(string kind) => cut.Find($"[data-testid=question-run][data-kind='{kind}'] [data-testid=question-run-text]").TextContent;
        Assert.Equal("A", Text("Best-of-N-REAR"));
        Assert.Equal("B", Text("Guided Best-of-N"));
        // Model output is text: the guided pick's markup is shown, never rendered.
        Assert.Equal("<b>guided</b>", Text("Guided"));
        Assert.Empty(cut.FindAll("[data-testid=question-run] b"));
        Assert.Contains("λ_g 3", cut.Find("[data-testid=question-run][data-kind='Guided'] [data-testid=question-run-facts]").TextContent);
        Assert.Equal(new[] { plain, guided, guidedBon }.Select(id => $"/runs/{id}").Order(),
            cut.FindAll("[data-testid=question-run-link]").Select(a => a.GetAttribute("href")!).Order());
        Assert.Empty(cut.FindAll("[data-testid=question-runs-none]"));
    }

    [Fact]
    public void The_three_share_the_seed_and_differ_in_method_n_and_guidance()
    {
        var request = new RunRequest { Model = "stories260K", Method = "guided", Question = "Q", Preference = "P", N = 1, Seed = 9, Guidance = 2.5, Lambda = 12 };
        var three = QuestionRuns.Three(request);

        Assert.Equal(["bon", "guided", "bon"], three.Select(r => r.Method));
        Assert.Equal([null, 2.5, 2.5], three.Select(r => r.Guidance));
        Assert.Equal([16, 1, 16], three.Select(r => r.N));
        Assert.All(three, r => Assert.Equal((9L, 12.0, "Q", "P"), (r.Seed, r.Lambda, r.Question!, r.Preference!)));
        // Without guidance on the run, λ_g is the method's default; N of a Best-of-N run is kept.
        var fromBon = QuestionRuns.Three(request with { Method = "bon", N = 8, Guidance = null });
        Assert.Equal([null, 3.0, 3.0], fromBon.Select(r => r.Guidance));
        Assert.Equal([8, 1, 8], fromBon.Select(r => r.N));
    }

    private static async Task<Guid> StoreAsync(TempDatabase db, string method, string requestJson, string preference, params ResultCandidate[] candidates)
    {
        var run = new RunEntity
        {
            Id = Guid.NewGuid(), Owner = "alice", Model = "stories260K", Method = method, Question = "Once upon a time", Preference = preference,
            RequestJson = requestJson, Status = RunStatus.Running,
        };
        await db.Store.CreateAsync(run);
        await db.Store.AppendAsync(run.Id, new("candidateFinished", "{}") { Candidates = [.. candidates.Select(c => Entity(c))] });
        await db.Store.AppendAsync(run.Id, new("runFinished", "{}") { UpdateRun = r => { r.Status = RunStatus.Succeeded; r.Best = 0; } });
        return run.Id;
    }
}
