using RearPlayground.Tests.Support;
using RearPlayground.Worker.Engine.Generation;
using RearPlayground.Worker.Engine.Sampling;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Tests.Rear;

/// <summary>The engine against models/stories260K/reference.json, an independent numpy implementation.</summary>
public class ReferenceTests
{
    private static readonly ReferenceData Reference = ReferenceData.Load();
    private const double Tolerance = 1e-3;

    [Fact]
    public void Greedy_decoding_reproduces_the_reference_ids()
    {
        var model = SharedModels.StoriesCpu;
        var contexts = ContextBuilder.Build(model, Reference.GreedyPrompt, null);
        Assert.Equal(Reference.GreedyPromptIds, contexts.Without);

        var (sequences, _) = BatchGenerator.Generate(model, new GenerationRequest(
            contexts.Without, 1, Reference.GreedyIds.Length, SamplingOptions.Greedy, 0, model.EosIds));
        Assert.Equal(Reference.GreedyIds, sequences[0].TokenIds);
    }

    [Fact]
    public void Contexts_match_the_reference_layout()
    {
        foreach (var c in Reference.Cases)
        {
            var contexts = ContextBuilder.Build(SharedModels.StoriesCpu, c.Question, c.Preference, separator: " ");
            Assert.Equal(c.WithoutContext, contexts.Without);
            Assert.Equal(c.WithContext, contexts.With);
        }
    }

    [Fact]
    public void Teacher_forced_logprobs_under_both_contexts_match_the_reference()
    {
        foreach (var c in Reference.Cases)
        {
            var contexts = ContextBuilder.Build(SharedModels.StoriesCpu, c.Question, c.Preference, separator: " ");
            var (without, with) = ResponseScorer.Score(SharedModels.StoriesCpu, contexts, [c.Response]);
            AssertClose(c.LogProbsWithout, without[0]);
            AssertClose(c.LogProbsWith, with[0]);
        }
    }

    [Fact]
    public void Rear_scores_from_the_engine_match_every_reference_score()
    {
        var checkedScores = 0;
        foreach (var c in Reference.Cases)
        {
            var contexts = ContextBuilder.Build(SharedModels.StoriesCpu, c.Question, c.Preference, separator: " ");
            var (without, with) = ResponseScorer.Score(SharedModels.StoriesCpu, contexts, [c.Response]);
            foreach (var (lambda, byAggregation) in c.Scores)
                foreach (var (agg, expected) in byAggregation)
                {
                    var options = new RearOptions(lambda, 1, AggregationParser.Parse(agg));
                    Assert.True(Math.Abs(expected - RearScore.Compute(without[0], with[0], options, false)) < Tolerance,
                        $"λ={lambda} {agg}: expected {expected}");
                    checkedScores++;
                }
        }
        Assert.Equal(Reference.Cases.Count * 3 * 4, checkedScores);
    }

    [Fact]
    public void Sampled_logprobs_equal_teacher_forced_logprobs_of_the_same_context()
    {
        // Incremental decoding (KV cache) and one teacher-forced pass must agree token for token.
        var model = SharedModels.StoriesCpu;
        var c = Reference.Cases[0];
        var (sequences, _) = BatchGenerator.Generate(model, new GenerationRequest(
            c.WithContext, 4, 48, new SamplingOptions(), 7, model.EosIds));
        var forced = TeacherForcer.Score(model, c.WithContext, sequences.Select(s => s.TokenIds).ToArray());
        for (var i = 0; i < sequences.Length; i++)
            AssertClose(sequences[i].LogProbs, forced[i], 1e-4);
    }

    private static void AssertClose(float[] expected, float[] actual, double tolerance = Tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var t = 0; t < expected.Length; t++)
            Assert.True(Math.Abs(expected[t] - actual[t]) < tolerance, $"token {t}: expected {expected[t]}, got {actual[t]}");
    }
}
