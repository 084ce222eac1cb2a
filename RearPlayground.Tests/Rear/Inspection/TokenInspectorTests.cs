using RearPlayground.Tests.Support;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Rear.Inspection;

namespace RearPlayground.Tests.Rear.Inspection;

/// <summary>
/// The token inspector on stories260K against reference.json (ℓ0, ℓp from an independent numpy implementation) and a raw
/// ONNX Runtime forward with a double-precision log-softmax done here: top-k ids and log-probs, ranks, KL(p_pref ‖ p_0).
/// </summary>
public class TokenInspectorTests
{
    private static readonly ReferenceData Reference = ReferenceData.Load();
    private const double Lambda = 20;

    private static (RearContexts Contexts, TokenInspection Inspection) Inspect(ReferenceCase c, int topK)
    {
        var contexts = ContextBuilder.Build(SharedModels.StoriesCpu, c.Question, c.Preference, separator: " ");
        return (contexts, TokenInspector.Inspect(SharedModels.StoriesCpu, contexts, [], c.Response, topK, Lambda));
    }

    [Fact]
    public void Chosen_tokens_logprobs_and_r_match_the_reference()
    {
        foreach (var c in Reference.Cases)
        {
            var (_, inspection) = Inspect(c, 5);
            Assert.Equal(Lambda, inspection.Lambda);
            Assert.Equal(c.Response, inspection.Tokens.Select(t => t.Id));
            for (var t = 0; t < c.Response.Length; t++)
            {
                var token = inspection.Tokens[t];
                Assert.True(Math.Abs(c.LogProbsWithout[t] - token.L0) < 1e-3, $"ℓ0 at {t}: {c.LogProbsWithout[t]} vs {token.L0}");
                Assert.True(Math.Abs(c.LogProbsWith[t] - token.Lp) < 1e-3, $"ℓp at {t}: {c.LogProbsWith[t]} vs {token.Lp}");
                Assert.Equal((1 - Lambda) * token.L0 + Lambda * token.Lp, token.R, 9);
            }
            // Each token's text is what it adds: together they are the response as decoded.
            Assert.Equal(c.ResponseText, string.Concat(inspection.Tokens.Select(t => t.Text)));
        }
    }

    [Fact]
    public void Top_k_ranks_and_kl_match_a_raw_onnx_forward_in_both_contexts()
    {
        var onnx = Path.Combine(SharedModels.Stories, "model.onnx");
        foreach (var c in Reference.Cases)
        {
            var (contexts, inspection) = Inspect(c, 20);
            var without = RawForward.LogSoftmax(onnx, [.. contexts.Without, .. c.Response]);
            var with = RawForward.LogSoftmax(onnx, [.. contexts.With, .. c.Response]);
            for (var t = 0; t < c.Response.Length; t++)
            {
                var p0 = without[contexts.Without.Length - 1 + t];
                var pP = with[contexts.With.Length - 1 + t];
                var token = inspection.Tokens[t];
                AssertTop(p0, token.Top0, token.Id, token.Rank0);
                AssertTop(pP, token.TopP, token.Id, token.RankP);
                var kl = pP.Select((lp, v) => Math.Exp(lp) * (lp - p0[v])).Sum();
                Assert.True(Math.Abs(kl - token.Kl) < 1e-4, $"KL at {t}: {kl} vs {token.Kl}");
            }
        }
    }

    // The independent top-k: every id by log-prob, the lower id first on a tie.
    private static void AssertTop(double[] logProbs, IReadOnlyList<TokenAlternative> top, int chosen, int rank)
    {
        var order = Enumerable.Range(0, logProbs.Length).OrderByDescending(v => logProbs[v]).ThenBy(v => v).ToArray();
        var expected = order.Take(top.Count).ToArray();
        // Near-ties (closer than float rounding) may swap: compare the values, and ids where the gap is clear.
        for (var i = 0; i < top.Count; i++)
        {
            Assert.True(Math.Abs(logProbs[expected[i]] - top[i].LogProb) < 1e-4, $"top {i}: {logProbs[expected[i]]} vs {top[i].LogProb}");
            if (i + 1 < order.Length && logProbs[order[i]] - logProbs[order[i + 1]] > 1e-4 && (i == 0 || logProbs[order[i - 1]] - logProbs[order[i]] > 1e-4))
                Assert.Equal(expected[i], top[i].Id);
        }
        var expectedRank = Array.IndexOf(order, chosen) + 1;
        Assert.True(Math.Abs(expectedRank - rank) <= order.Count(v => Math.Abs(logProbs[v] - logProbs[chosen]) < 1e-5),
            $"rank {rank}, expected {expectedRank}");
    }

    [Fact]
    public void Alternatives_are_sorted_their_probabilities_sum_to_at_most_one_and_the_chosen_rank_agrees_with_the_list()
    {
        foreach (var k in new[] { 1, 5, 20 })
        {
            var (_, inspection) = Inspect(Reference.Cases[0], k);
            Assert.Equal(k, inspection.TopK);
            foreach (var token in inspection.Tokens)
            {
                foreach (var (top, rank) in new[] { (token.Top0, token.Rank0), (token.TopP, token.RankP) })
                {
                    Assert.Equal(k, top.Count);
                    Assert.True(top.Zip(top.Skip(1)).All(p => p.First.LogProb >= p.Second.LogProb), "sorted, most likely first");
                    Assert.True(top.Sum(a => Math.Exp(a.LogProb)) <= 1 + 1e-6);
                    Assert.True(rank >= 1);
                    if (rank <= k) Assert.Equal(token.Id, top[rank - 1].Id);
                    else Assert.DoesNotContain(top, a => a.Id == token.Id);
                }
                Assert.True(token.Kl >= 0);
            }
        }
    }

    [Fact]
    public void A_prefix_is_forced_but_not_reported_and_changes_nothing_after_it()
    {
        var c = Reference.Cases[0];
        var (contexts, whole) = Inspect(c, 5);
        var part = TokenInspector.Inspect(SharedModels.StoriesCpu, contexts, c.Response[..10], c.Response[10..], 5, Lambda);
        Assert.Equal(c.Response.Length - 10, part.Tokens.Count);
        for (var t = 0; t < part.Tokens.Count; t++)
        {
            var (a, b) = (whole.Tokens[10 + t], part.Tokens[t]);
            Assert.Equal((a.Id, a.Text, a.Rank0, a.RankP), (b.Id, b.Text, b.Rank0, b.RankP));
            Assert.True(Math.Abs(a.L0 - b.L0) < 1e-4 && Math.Abs(a.Lp - b.Lp) < 1e-4 && Math.Abs(a.Kl - b.Kl) < 1e-4);
            Assert.Equal(a.Top0.Select(x => x.Id), b.Top0.Select(x => x.Id));
        }
    }

    [Fact]
    public void Without_a_preference_both_contexts_agree_and_kl_is_zero()
    {
        var c = Reference.Cases[0];
        var contexts = ContextBuilder.Build(SharedModels.StoriesCpu, c.Question, null);
        var inspection = TokenInspector.Inspect(SharedModels.StoriesCpu, contexts, [], c.Response[..8], 3, Lambda);
        Assert.All(inspection.Tokens, t => Assert.Equal((t.L0, t.Rank0, 0.0), (t.Lp, t.RankP, t.Kl)));
    }

    [Fact]
    public void An_id_outside_the_vocabulary_says_the_model_is_not_the_runs_and_k_is_bounded()
    {
        var contexts = ContextBuilder.Build(SharedModels.StoriesCpu, "Once", "cats");
        var e = Assert.Throws<ModelLoadException>(() => TokenInspector.Inspect(SharedModels.StoriesCpu, contexts, [], [5, 100_000], 5, Lambda));
        Assert.Contains("100000", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenInspector.Inspect(SharedModels.StoriesCpu, contexts, [], [5], 0, Lambda));
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenInspector.Inspect(SharedModels.StoriesCpu, contexts, [], [5], 21, Lambda));
    }

    [Fact]
    public void Ties_order_by_id_so_rank_and_top_k_agree()
    {
        float[] logits = [1, 3, 3, 0, 3];
        var lse = NextTokenStats.LogSumExp(logits);
        Assert.Equal([1, 2, 4], NextTokenStats.Top(logits, 3, lse).Select(a => a.Id));
        Assert.Equal([1, 2, 3], new[] { 1, 2, 4 }.Select(id => NextTokenStats.Rank(logits, id)));
        Assert.Equal(5, NextTokenStats.Rank(logits, 3));
        Assert.Equal(4, NextTokenStats.Rank(logits, 0));
    }
}
