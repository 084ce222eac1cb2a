using RearPlayground.Worker.Engine.Sampling;

namespace RearPlayground.Worker.Engine.Generation;

/// <summary>
/// Log-probs of given token sequences under a context, all sequences in one batched pass: the context runs
/// once, its cache is forked per sequence, and each sequence is scored as one step after it. On a graph that
/// cannot extend a cache (<see cref="LanguageModel.CanExtendCache"/>) each row is context + sequence from an
/// empty cache instead, right-padded, in one batched pass: the same numbers.
/// </summary>
public static class TeacherForcer
{
    // Bounds the logits buffer of one pass ([rows, length, vocab] floats); larger sets go in row chunks.
    private const long MaxLogitsBytes = 256L << 20;

    public static float[][] Score(LanguageModel model, int[] context, IReadOnlyList<int[]> sequences, CancellationToken cancellationToken = default,
        PassProfile? profile = null)
    {
        if (context.Length == 0) throw new ArgumentException("the context is empty");
        var begun = PassProfile.Now();
        var scored = model.CanExtendCache
            ? ScoreOnCache(model, context, sequences, cancellationToken, profile)
            : ScoreFromScratch(model, context, sequences, cancellationToken, profile);
        profile?.Total(begun);
        return scored;
    }

    // The context runs once, whole: its last position's logits give every row's first log-prob (the same distribution for
    // all rows), so the batched pass feeds [s_1 … s_(k−1)] per row instead of [c_last, s_1 … s_(k−1)]: one position fewer per row.
    private static float[][] ScoreOnCache(LanguageModel model, int[] context, IReadOnlyList<int[]> sequences, CancellationToken cancellationToken,
        PassProfile? profile)
    {
        var result = new float[sequences.Count][];
        var longest = sequences.Count == 0 ? 0 : sequences.Max(s => s.Length);
        var rowsPerChunk = RowsPerChunk(model, Math.Max(1, longest - 1));
        var (prompt, last) = Prefill.Run(model, context, cancellationToken, profile);
        using (prompt)
        using (last)
        {
            var start = PassProfile.Now();
            var first = last.Row(0, context.Length - 1);
            var normalizer = LogProbs.Normalizer(first);
            for (var i = 0; i < sequences.Count; i++)
            {
                result[i] = new float[sequences[i].Length];
                if (sequences[i].Length > 0) result[i][0] = first[sequences[i][0]] - normalizer;
            }
            profile?.LogProbs(start);
            foreach (var chunk in Enumerable.Range(0, sequences.Count).Where(i => sequences[i].Length > 1).Chunk(rowsPerChunk))
            {
                start = PassProfile.Now();
                using var state = prompt.Gather(new int[chunk.Length]);
                profile?.Copies(start);
                var pending = chunk.Select(i => sequences[i][0]).ToArray();
                var scored = StepForcer.Score(model, state, pending, chunk.Select(i => sequences[i][1..]).ToArray(), cancellationToken, profile);
                for (var r = 0; r < chunk.Length; r++) scored[r].CopyTo(result[chunk[r]], 1);
            }
        }
        return result;
    }

    /// <summary>Context + sequence per row from an empty cache; position c − 1 + t predicts token t of the sequence.</summary>
    internal static float[][] ScoreFromScratch(LanguageModel model, int[] context, IReadOnlyList<int[]> sequences, CancellationToken cancellationToken,
        PassProfile? profile = null)
    {
        var result = sequences.Select(s => new float[s.Length]).ToArray();
        var longest = sequences.Count == 0 ? 0 : sequences.Max(s => s.Length);
        if (longest == 0) return result;
        var vocab = model.Io.VocabSize;
        foreach (var chunk in Enumerable.Range(0, sequences.Count).Chunk(RowsPerChunk(model, context.Length + longest)))
        {
            var width = context.Length + chunk.Max(i => sequences[i].Length);
            var tokens = new int[chunk.Length * width];
            var valid = new bool[chunk.Length * width];
            for (var r = 0; r < chunk.Length; r++)
            {
                var row = tokens.AsSpan(r * width, width);
                context.CopyTo(row);
                sequences[chunk[r]].CopyTo(row[context.Length..]);
                valid.AsSpan(r * width, context.Length + sequences[chunk[r]].Length).Fill(true);
            }
            using var state = KvState.Empty(model, chunk.Length);
            var start = PassProfile.Now();
            using var output = model.Forward(state, tokens, width, valid, cancellationToken);
            profile?.Forward(start);
            start = PassProfile.Now();
            var workers = new RowParallel<float[]>(() => new float[vocab]);
            workers.For(chunk.Length * width, vocab, (i, w) =>
            {
                var (r, p) = Math.DivRem(i, width);
                var t = p - (context.Length - 1);
                var sequence = sequences[chunk[r]];
                if (t < 0 || t >= sequence.Length) return;
                var logits = output.Row(r, p, w);
                result[chunk[r]][t] = LogProbs.LogProbOf(logits, sequence[t]);
            });
            profile?.LogProbs(start);
        }
        return result;
    }

    private static int RowsPerChunk(LanguageModel model, int length) =>
        (int)Math.Max(1, MaxLogitsBytes / (Math.Max(1L, length) * model.Io.VocabSize * 4));
}
