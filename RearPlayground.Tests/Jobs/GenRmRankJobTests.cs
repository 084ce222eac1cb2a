using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Entities;
using RearPlayground.Tests.Data;
using RearPlayground.Tests.Support;
using RearPlayground.Worker.Jobs;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Search.Scorers;

namespace RearPlayground.Tests.Jobs;

/// <summary>The results page's GenRM job on stories260K with the real store: all scores stored, each what GenRmScorer gives.</summary>
public sealed class GenRmRankJobTests
{
    [Fact]
    public async Task Scores_every_stored_candidate_as_GenRmScorer_does_and_stores_them_together()
    {
        await using var h = await JobsHarness.CreateAsync();
        var request = JobsHarness.Request("bon", n: 4, maxTokens: 12);
        var id = await h.SubmitAsync(request);
        await h.Job.ExecuteAsync(id, CancellationToken.None);
        Assert.All(await h.Store.CandidatesAsync(id), c => Assert.Null(c.GenRmScore));

        await h.Services.GetRequiredService<GenRmRankJob>().ExecuteAsync(id, CancellationToken.None);

        var stored = await h.Store.CandidatesAsync(id);
        var model = SharedModels.StoriesCpu;
        var context = new ScoringContext(request.Question!, request.Preference, ContextBuilder.Build(model, request.Question!, request.Preference));
        var paths = stored.Select(c => new ScoredPath(JsonSerializer.Deserialize<int[]>(c.TokenIdsJson)!, [], [], false)).ToArray();
        var expected = new GenRmScorer().Score(model, context, paths, CancellationToken.None);
        Assert.Equal(4, stored.Count);
        for (var i = 0; i < stored.Count; i++) Assert.Equal(expected[i], stored[i].GenRmScore!.Value, 1e-4);
        Assert.True(stored.Select(c => c.GenRmScore).Distinct().Count() > 1);
    }

    [Fact]
    public async Task A_run_that_has_not_succeeded_is_refused()
    {
        await using var h = await JobsHarness.CreateAsync();
        var id = await h.SubmitAsync(JobsHarness.Request());
        var job = h.Services.GetRequiredService<GenRmRankJob>();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => job.ExecuteAsync(id, CancellationToken.None));
        Assert.Contains("Queued", error.Message);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => job.ExecuteAsync(Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task Storing_scores_is_all_or_nothing()
    {
        await using var db = await TempDatabase.CreateAsync();
        var run = await db.CreateRunAsync(RunStatus.Running);
        await db.Store.AppendAsync(run.Id, new("candidateFinished", "{}") { Candidates = [DataSamples.Candidate(0), DataSamples.Candidate(1)] });

        await Assert.ThrowsAsync<KeyNotFoundException>(() => db.Store.SetGenRmScoresAsync(run.Id, new Dictionary<int, double> { [0] = 1.5, [7] = 2 }));
        Assert.All(await db.Store.CandidatesAsync(run.Id), c => Assert.Null(c.GenRmScore));

        await db.Store.SetGenRmScoresAsync(run.Id, new Dictionary<int, double> { [0] = 1.5, [1] = -0.25 });
        Assert.Equal([1.5, -0.25], (await db.Store.CandidatesAsync(run.Id)).Select(c => c.GenRmScore!.Value));
    }
}
