using RearPlayground.Tests.Support;
using RearPlayground.Worker.Engine.Generation;
using RearPlayground.Worker.Engine.Sampling;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Search;

namespace RearPlayground.Tests.Engine;

public class DeterminismAndBatchingTests
{
    private static readonly SearchRequest Request = new("Once upon a time", "Tom was a cat who loved to eat fish.", N: 6, MaxTokens: 40, Seed: 11);

    [Fact]
    public void Same_seed_gives_the_same_candidates_and_another_seed_different_ones()
    {
        var a = BestOfN.Run(SharedModels.StoriesCpu, Request);
        var b = BestOfN.Run(SharedModels.StoriesCpu, Request);
        var c = BestOfN.Run(SharedModels.StoriesCpu, Request with { Seed = 12 });
        Assert.Equal(a.Candidates.Select(x => x.TokenIds), b.Candidates.Select(x => x.TokenIds));
        Assert.Equal(a.Candidates.Select(x => x.Score), b.Candidates.Select(x => x.Score));
        Assert.NotEqual(a.Candidates.Select(x => x.Text), c.Candidates.Select(x => x.Text));
        Assert.True(a.Candidates.Select(x => x.Text).Distinct().Count() > 1, "candidates of one run should differ");
    }

    [Fact]
    public void A_candidate_does_not_depend_on_the_batch_it_was_sampled_in()
    {
        var model = SharedModels.StoriesCpu;
        var context = ContextBuilder.Build(model, Request.Question, Request.Preference).With;
        var batch = BatchGenerator.Generate(model, new GenerationRequest(context, 6, 40, new SamplingOptions(), 5, model.EosIds)).Sequences;
        for (var i = 0; i < 6; i++)
        {
            var alone = GenerateAlone(context, 5, i);
            Assert.Equal(batch[i].TokenIds, alone.TokenIds);
            for (var t = 0; t < alone.LogProbs.Length; t++) Assert.True(Math.Abs(batch[i].LogProbs[t] - alone.LogProbs[t]) < 1e-4);
        }
    }

    [Fact]
    public void Batched_teacher_forcing_equals_one_at_a_time_within_1e_4()
    {
        var model = SharedModels.StoriesCpu;
        var result = BestOfN.Run(model, Request);
        var responses = result.Candidates.Select(c => c.TokenIds).ToArray();
        var batched = TeacherForcer.Score(model, result.Contexts.Without, responses);
        for (var i = 0; i < responses.Length; i++)
        {
            var single = TeacherForcer.Score(model, result.Contexts.Without, [responses[i]]);
            Assert.Equal(responses[i].Length, batched[i].Length);
            for (var t = 0; t < single[0].Length; t++) Assert.True(Math.Abs(single[0][t] - batched[i][t]) < 1e-4, $"cand {i} token {t}");
            // And BoN's stored ℓ0 (sampled with the preference, so ℓ0 is the teacher-forced side) is that same pass.
            Assert.Equal(batched[i], result.Candidates[i].LogProbsWithout);
        }
    }

    [Fact]
    public void Best_of_n_picks_the_arg_max_and_reports_baselines_on_the_same_candidates()
    {
        var result = BestOfN.Run(SharedModels.StoriesCpu, Request);
        Assert.Equal(6, result.Candidates.Count);
        Assert.Equal(result.Candidates.Max(c => c.Score), result.Candidates[result.Best].Score);
        var l0 = result.Candidates.Select(c => Ranker.Score(c, result.Rear with { Lambda = 0 })).ToArray();
        Assert.Equal(l0.Max(), l0[result.BestLambda0]);
        Assert.InRange(result.RandomPick, 0, 5);
        Assert.Equal(2 * result.Counts.GeneratedTokens, result.Counts.ScoredPositions);
        Assert.Equal(result.Candidates.Sum(c => c.TokenIds.Length), result.Counts.GeneratedTokens);
    }

    private static GeneratedSequence GenerateAlone(int[] context, long seed, int index)
    {
        // Candidate i samples from stream (seed, i): replay it alone, batch 1, one forward per token.
        var model = SharedModels.StoriesCpu;
        var sampler = new TokenSampler(model.Io.VocabSize);
        var random = SeededRandom.ForCandidate(seed, index);
        var tokens = new List<int>();
        var logProbs = new List<float>();
        var state = Worker.Engine.KvState.Empty(model, 1);
        var feed = context;
        for (var t = 0; t < 40; t++)
        {
            using var output = model.Forward(state, feed, feed.Length);
            var (token, logProb) = sampler.Sample(output.Row(0, feed.Length - 1), new SamplingOptions(), random);
            tokens.Add(token);
            logProbs.Add(logProb);
            if (model.EosIds.Contains(token)) break;
            feed = [token];
        }
        state.Dispose();
        return new GeneratedSequence([.. tokens], [.. logProbs], FinishReason.Length);
    }
}
