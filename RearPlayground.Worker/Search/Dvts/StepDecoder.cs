using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Generation;
using RearPlayground.Worker.Engine.Sampling;

namespace RearPlayground.Worker.Search.Dvts;

/// <summary>
/// Decodes one step for every row of a batch at once. Each row's state holds its path minus the last token
/// (<paramref name="pending"/>), so the first call feeds the pending tokens; afterwards each row's state again
/// holds everything but its new last token, which the caller carries as the next pending token.
/// </summary>
public static class StepDecoder
{
    public sealed record Step(int[] TokenIds, float[] LogProbs, FinishReason FinishReason);

    public static (Step[] Steps, int ForwardCalls) Decode(LanguageModel model, KvState state, int[] pending, SeededRandom[] randoms,
        SamplingOptions sampling, StepRules rules, int[] budget, CancellationToken cancellationToken)
    {
        var rows = state.Batch;
        var tokens = Enumerable.Range(0, rows).Select(_ => new List<int>()).ToArray();
        var logProbs = Enumerable.Range(0, rows).Select(_ => new List<float>()).ToArray();
        var finish = new FinishReason?[rows];
        var feed = (int[])pending.Clone();
        var valid = new bool[rows];
        var drawn = new (int Token, float LogProb)[rows];
        var vocab = model.Io.VocabSize;
        var workers = new RowParallel<(TokenSampler Sampler, float[] Row)>(() => (new TokenSampler(vocab), new float[vocab]));
        var calls = 0;
        while (finish.Any(f => f is null))
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var r = 0; r < rows; r++) valid[r] = finish[r] is null;
            calls++;
            using (var output = model.Forward(state, feed, 1, valid, cancellationToken))
            {
                workers.For(rows, vocab, (r, w) =>
                {
                    if (finish[r] is null) drawn[r] = w.Sampler.Sample(output.Row(r, 0, w.Row), sampling, randoms[r]);
                });
            }
            // Stop checks decode text: done on this thread, the tokenizer is not promised to be thread-safe.
            for (var r = 0; r < rows; r++)
            {
                if (finish[r] is not null) continue;
                tokens[r].Add(drawn[r].Token);
                logProbs[r].Add(drawn[r].LogProb);
                finish[r] = Finished(model, rules, tokens[r], budget[r]);
                feed[r] = drawn[r].Token;
            }
        }
        return (tokens.Select((t, r) => new Step([.. t], [.. logProbs[r]], finish[r]!.Value)).ToArray(), calls);
    }

    internal static FinishReason? Finished(LanguageModel model, StepRules rules, List<int> step, int budget)
    {
        if (rules.EosIds.Contains(step[^1])) return FinishReason.Eos;
        if (step.Count >= budget) return FinishReason.Length;
        if (rules.StepTokens is { } k && step.Count >= k) return FinishReason.Stop;
        if (!string.IsNullOrEmpty(rules.Stop) && model.Tokenizer.Decode(step).Contains(rules.Stop, StringComparison.Ordinal))
            return FinishReason.Stop;
        return null;
    }
}
