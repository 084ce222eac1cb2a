using RearPlayground.Tests.Support;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Generation;
using RearPlayground.Worker.Engine.Sampling;

namespace RearPlayground.Tests.Engine;

/// <summary>
/// Guided sampling's distribution on a crafted Markov model (logits depend only on the last token), so the two contexts'
/// next-token rows are known table rows: the draw must follow softmax((1 − λ_g) · log p0 + λ_g · log pp), computed by hand
/// here in double, and ℓ0 / ℓp must be each row's log-softmax at the drawn token.
/// </summary>
public sealed class GuidedGeneratorTests : IDisposable
{
    // From A the model prefers x, from B it prefers y; z is between. EOS is unlikely everywhere.
    private static readonly string[] Vocabulary = ["<s>", "</s>", "A", "B", "x", "y", "z"];
    private static readonly float[,] Logits =
    {
        // to:   <s>  </s>   A     B     x     y     z
        /*<s>*/ { -9f, -9f, 0f,   0f,   0f,   0f,   0f },
        /*</s>*/{ -9f, -9f, 0f,   0f,   0f,   0f,   0f },
        /*A*/   { -9f, -6f, -3f,  -3f,  2.0f, 1.0f, 0.2f },
        /*B*/   { -9f, -6f, -3f,  -3f,  1.0f, 2.2f, 0.5f },
        /*x*/   { -9f, -6f, 0.3f, 0f,   0f,   0.1f, 0f },
        /*y*/   { -9f, -6f, 0f,   0.4f, 0.1f, 0f,   0f },
        /*z*/   { -9f, -6f, 0f,   0f,   0f,   0f,   0.2f },
    };

    private readonly MarkovModel _files = MarkovModel.Create(Vocabulary, (from, to) => Logits[from, to], eosId: 1, bosId: 0);
    private readonly LanguageModel _model;

    public GuidedGeneratorTests() => _model = _files.Load();

    public void Dispose()
    {
        _model.Dispose();
        _files.Dispose();
    }

    // The hand computation: log-softmax of each row in double, mixed, normalised.
    private double[] Expected(int without, int with, double guidance)
    {
        var v = Vocabulary.Length;
        var mixed = Enumerable.Range(0, v).Select(t => (1 - guidance) * _files.LogProb(without, t) + guidance * _files.LogProb(with, t)).ToArray();
        var max = mixed.Max();
        var z = mixed.Sum(m => Math.Exp(m - max));
        return [.. mixed.Select(m => Math.Exp(m - max) / z)];
    }

    private GuidedRequest Request(double guidance, int count, int maxNewTokens, SamplingOptions? sampling = null, long seed = 7) =>
        new(_files.Ids("<s>", "A"), _files.Ids("<s>", "B"), guidance, count, maxNewTokens, sampling ?? new SamplingOptions(), seed,
            new HashSet<int> { _files.EosId });

    [Theory]
    [InlineData(3.0)]
    [InlineData(-1.5)]
    [InlineData(0.4)]
    public void The_mix_equals_the_hand_computed_mixture_of_both_log_softmaxes(double guidance)
    {
        var v = Vocabulary.Length;
        var a = Enumerable.Range(0, v).Select(t => _files.Logit(_files.Id("A"), t)).ToArray();
        var b = Enumerable.Range(0, v).Select(t => _files.Logit(_files.Id("B"), t)).ToArray();
        var mixed = new float[v];
        GuidanceMix.Mix(a, b, guidance, mixed);
        var expected = Expected(_files.Id("A"), _files.Id("B"), guidance);
        var lse = LogProbs.LogSumExp(mixed);
        for (var t = 0; t < v; t++) Assert.Equal(expected[t], Math.Exp(mixed[t] - lse), 5);
        // Unnormalised as a row should be: exactly the two log-softmaxes weighted, no extra shift.
        var x = _files.Id("x");
        Assert.Equal((1 - guidance) * _files.LogProb(_files.Id("A"), x) + guidance * _files.LogProb(_files.Id("B"), x), mixed[x], 4);
    }

    [Fact]
    public void First_tokens_follow_the_mixed_distribution_and_carry_each_contexts_log_prob()
    {
        const int draws = 20_000;
        var (sequences, _) = GuidedGenerator.Generate(_model, Request(3, draws, 1));
        var expected = Expected(_files.Id("A"), _files.Id("B"), 3);
        var counts = new int[Vocabulary.Length];
        foreach (var s in sequences)
        {
            var t = Assert.Single(s.TokenIds);
            counts[t]++;
            Assert.Equal(_files.LogProb(_files.Id("A"), t), s.LogProbsWithout[0], 5);
            Assert.Equal(_files.LogProb(_files.Id("B"), t), s.LogProbsWith[0], 5);
        }
        // λ_g = 3 pushes toward y well past p(y | B) alone: the hand mix, not either row.
        Assert.True(expected[_files.Id("y")] > Math.Exp(_files.LogProb(_files.Id("B"), _files.Id("y"))) + 0.1);
        for (var t = 0; t < Vocabulary.Length; t++)
            Assert.InRange(counts[t] / (double)draws, expected[t] - 0.015, expected[t] + 0.015);
    }

    [Fact]
    public void Greedy_picks_the_arg_max_of_the_mix_and_temperature_applies_after_mixing()
    {
        // At λ_g = −1 the mix favours x (A's choice) over y: arg-max of 2 · log p(·|A) − log p(·|B).
        var expected = Expected(_files.Id("A"), _files.Id("B"), -1);
        var arg = Array.IndexOf(expected, expected.Max());
        var (greedy, _) = GuidedGenerator.Generate(_model, Request(-1, 3, 1, SamplingOptions.Greedy));
        Assert.All(greedy, s => Assert.Equal(arg, s.TokenIds[0]));

        // Temperature 0.5 squares the mixed distribution (then renormalises): y's share at λ_g = 3 grows accordingly.
        var mixed = Expected(_files.Id("A"), _files.Id("B"), 3);
        var squared = mixed.Select(p => p * p).ToArray();
        var y = _files.Id("y");
        var want = squared[y] / squared.Sum();
        var (cooled, _) = GuidedGenerator.Generate(_model, Request(3, 20_000, 1, new SamplingOptions(0.5)));
        Assert.InRange(cooled.Count(s => s.TokenIds[0] == y) / 20_000.0, want - 0.015, want + 0.015);
    }

    [Fact]
    public void Later_steps_decode_both_rows_per_candidate_with_the_log_probs_of_each_context()
    {
        var (sequences, stats) = GuidedGenerator.Generate(_model, Request(2, 6, 5));
        Assert.Equal(6, sequences.Length);
        foreach (var s in sequences)
        {
            Assert.InRange(s.TokenIds.Length, 1, 5);
            // After the first token both contexts end with the same token: on a Markov chain the rows agree from then on.
            for (var t = 1; t < s.TokenIds.Length; t++)
            {
                Assert.Equal(_files.LogProb(s.TokenIds[t - 1], s.TokenIds[t]), s.LogProbsWithout[t], 5);
                Assert.Equal(s.LogProbsWithout[t], s.LogProbsWith[t], 6);
            }
        }
        Assert.True(stats.ForwardCalls >= 2);
    }
}
