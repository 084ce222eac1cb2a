using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Runs;
using RearPlayground.Tests.Support;
using RearPlayground.Tests.Web;
using RearPlayground.Worker.Batches;
using RearPlayground.Worker.Batches.Report;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Selection;

namespace RearPlayground.Tests.Batches;

/// <summary>
/// The web report reads a run's stored rows; the CLI's <c>batch</c> reads its in-process search. Both must give the same
/// pool, so the same item is judged the same way from either side.
/// </summary>
[Collection("Hangfire")]
public sealed class ItemPoolTests(WebAppFactory app) : IClassFixture<WebAppFactory>
{
    [Fact]
    public async Task A_stored_run_and_the_same_search_in_process_give_the_same_pool_and_outcome()
    {
        using var client = await app.SignedInAsync();
        var body = RunApi.Bon(n: 4, maxTokens: 16);
        body["includeGreedy"] = true;
        body["seed"] = 7;
        var id = await RunApi.SubmitAsync(client, body);
        Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(client, id)));
        var store = app.Services.GetRequiredService<IRunStore>();
        var request = RunRequest.FromJson((await store.FindAsync(id))!.RequestJson)!;
        var rows = (await store.CandidatesAsync(id)).Concat(await store.BaselinesAsync(id)).ToList();
        var stored = SelectorPool.From(rows, request.Seed);

        var result = SearchRunner.Run(SharedModels.StoriesCpu, request.ToSearchRequest());
        var local = SelectorPool.From(result);

        Assert.Equal(stored.Greedy, local.Greedy);
        Assert.Equal(4, local.Greedy);
        Assert.Equal(stored.Seed, local.Seed);
        Assert.Equal(stored.GenRm, local.GenRm);
        Assert.Equal(stored.Candidates.Count, local.Candidates.Count);
        for (var i = 0; i < local.Candidates.Count; i++)
        {
            var (s, l) = (stored.Candidates[i], local.Candidates[i]);
            Assert.Equal((s.Index, s.Text, s.FinishReason, s.Score), (l.Index, l.Text, l.FinishReason, l.Score));
            Assert.Equal(s.LogProbsWithout, l.LogProbsWithout);
            Assert.Equal(s.LogProbsWith, l.LogProbsWith);
        }

        // Judged by the one function both sides call: the same outcome, selector by selector.
        var judge = new ItemJudge(new AnswerRule(AnswerRule.Text));
        const string metadata = "{\"mustMention\":[\"cat\",\"fish\"]}";
        var greedyText = rows.Single(r => r.Baseline == Baselines.Greedy).Text;
        Assert.Equal(greedyText, result.Greedy!.Text);
        var a = BatchReporter.Judge(stored, greedyText, request, null, metadata, judge)!.Result("x");
        var b = BatchReporter.Judge(local, result.Greedy.Text, request, null, metadata, judge)!.Result("x");
        Assert.Equal(a.Correct, b.Correct);
        Assert.Equal(a.Picks, b.Picks);
    }
}
