using System.Text.Json;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Entities;
using RearPlayground.Tests.Data;
using RearPlayground.Web.Components.Pages.History;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Tests.Web.Components.History;

/// <summary>The comparison page over a real store: differing settings marked, candidates ranked, user text kept as text, unknown ids told.</summary>
public sealed class ComparePageTests : MudTestContext, IAsyncLifetime
{
    private TempDatabase _db = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        _db = await TempDatabase.CreateAsync();
        Services.AddSingleton(_db.Store);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<RunEntity> RunAsync(RunRequest request, params double[] scores)
    {
        var run = new RunEntity
        {
            Id = Guid.NewGuid(), Owner = "alice", Model = request.Model!, Method = request.Method!, Question = request.Question!,
            Preference = request.Preference, RequestJson = JsonSerializer.Serialize(request, JsonSerializerOptions.Web), Status = RunStatus.Queued,
        };
        await _db.Store.CreateAsync(run);
        var candidates = scores.Select((s, i) => { var c = DataSamples.Candidate(i); c.Score = s; c.Text = $"<b>answer {i}</b>"; return c; }).ToList();
        var best = scores.Length == 0 ? (int?)null : Array.IndexOf(scores, scores.Max());
        await _db.Store.AppendAsync(run.Id, new("runFinished", "{}") { Candidates = candidates, UpdateRun = r => { r.Status = RunStatus.Succeeded; r.Best = best; } });
        return run;
    }

    private IRenderedComponent<ComparePage> RenderAt(string url)
    {
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo(url);
        return Render<ComparePage>();
    }

    [Fact]
    public async Task Two_runs_side_by_side_with_their_differences_and_ranked_candidates()
    {
        var request = new RunRequest { Model = "stories260K", Method = "bon", Question = "<script>alert(1)</script>", Preference = "cats", N = 3, M = 1 };
        var a = await RunAsync(request, 0.5, 2.5, -1);
        var b = await RunAsync(request with { Lambda = 0, Preference = "dogs" }, 1);
        var cut = RenderAt($"/runs/compare?a={a.Id}&b={b.Id}");

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=compare-side]").Count));
        var differing = cut.FindAll("[data-testid=compare-settings] [data-differs=true]").Select(r => r.GetAttribute("data-setting"));
        Assert.Equal(["λ"], differing);
        // The question is the same, the preference differs; both stay text.
        Assert.All(cut.FindAll("[data-testid=compare-question]"), q => Assert.Equal("<script>alert(1)</script>", q.TextContent));
        Assert.Empty(cut.FindAll("script"));
        Assert.Equal(["cats", "dogs"], cut.FindAll("[data-testid=compare-preference]").Select(p => p.TextContent));

        var candidates = cut.FindAll("[data-testid=compare-candidate]");
        Assert.Equal(["1", "0", "2", "0"], candidates.Select(c => c.GetAttribute("data-index")));
        Assert.Equal(["true", "false", "false", "true"], candidates.Select(c => c.GetAttribute("data-best")));
        Assert.Empty(cut.FindAll("[data-testid=compare-candidate] b")); // "<b>answer</b>" is shown, not applied
        Assert.Contains("<b>answer 1</b>", candidates[0].TextContent);
    }

    [Theory]
    [InlineData(null, "Run A is missing")]
    [InlineData("not-a-guid", "'not-a-guid' is not a run id")]
    [InlineData("00000000-0000-0000-0000-000000000001", "there is no run 00000000-0000-0000-0000-000000000001")]
    public async Task A_bad_or_unknown_id_is_told(string? a, string message)
    {
        var b = await RunAsync(new RunRequest { Model = "m", Method = "bon", Question = "q" }, 1);

        var cut = RenderAt(a is null ? $"/runs/compare?b={b.Id}" : $"/runs/compare?a={a}&b={b.Id}");

        cut.WaitForAssertion(() => Assert.Contains(message, cut.Find("[data-testid=compare-missing]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=compare-side]"));
    }
}
