using RearPlayground.Worker.Engine.Sampling;

namespace RearPlayground.Worker.Engine.Generation;

/// <summary>
/// Scores each row's given tokens incrementally: the row's state already holds its sequence minus the pending
/// token, so one batched pass feeds [pending, s_1 … s_(k−1)] (right-padded, masked) and position t's logits
/// give log π(s_(t+1)). Only the new tokens are computed; the prefix is never recomputed.
/// </summary>
public static class StepForcer
{
    public static float[][] Score(LanguageModel model, KvState state, int[] pending, IReadOnlyList<int[]> steps,
        CancellationToken cancellationToken, PassProfile? profile = null)
    {
        var rows = state.Batch;
        var width = steps.Max(s => s.Length);
        var result = steps.Select(s => new float[s.Length]).ToArray();
        if (width == 0) return result;
        var tokens = new int[rows * width];
        var valid = new bool[rows * width];
        for (var r = 0; r < rows; r++)
        {
            var step = steps[r];
            for (var t = 0; t < step.Length; t++)
            {
                tokens[r * width + t] = t == 0 ? pending[r] : step[t - 1];
                valid[r * width + t] = true;
            }
        }
        var vocab = model.Io.VocabSize;
        var start = PassProfile.Now();
        using var output = model.Forward(state, tokens, width, valid, cancellationToken);
        profile?.Forward(start);
        start = PassProfile.Now();
        var workers = new RowParallel<float[]>(() => new float[vocab]);
        workers.For(rows * width, vocab, (i, w) =>
        {
            var (r, t) = Math.DivRem(i, width);
            if (t >= steps[r].Length) return;
            var row = output.Row(r, t, w);
            result[r][t] = LogProbs.LogProbOf(row, steps[r][t]);
        });
        profile?.LogProbs(start);
        return result;
    }
}
