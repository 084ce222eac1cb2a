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

    public static float[][] Score(LanguageModel model, int[] context, IReadOnlyList<int[]> sequences, CancellationToken cancellationToken = default)
    {
        if (context.Length == 0) throw new ArgumentException("the context is empty");
        if (!model.CanExtendCache) return ScoreFromScratch(model, context, sequences, cancellationToken);
        var result = new float[sequences.Count][];
        var longest = sequences.Count == 0 ? 0 : sequences.Max(s => s.Length);
        var rowsPerChunk = RowsPerChunk(model, longest);
        using var prompt = Prefill.Fork(model, context, 1, cancellationToken);
        foreach (var chunk in Enumerable.Range(0, sequences.Count).Chunk(rowsPerChunk))
        {
            using var state = prompt.Gather(new int[chunk.Length]);
            var pending = Enumerable.Repeat(context[^1], chunk.Length).ToArray();
            var scored = StepForcer.Score(model, state, pending, chunk.Select(i => sequences[i]).ToArray(), cancellationToken);
            for (var r = 0; r < chunk.Length; r++) result[chunk[r]] = scored[r];
        }
        return result;
    }

    /// <summary>Context + sequence per row from an empty cache; position c − 1 + t predicts token t of the sequence.</summary>
    internal static float[][] ScoreFromScratch(LanguageModel model, int[] context, IReadOnlyList<int[]> sequences, CancellationToken cancellationToken)
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
            using var output = model.Forward(state, tokens, width, valid, cancellationToken);
            var workers = new RowParallel<float[]>(() => new float[vocab]);
            workers.For(chunk.Length * width, vocab, (i, w) =>
            {
                var (r, p) = Math.DivRem(i, width);
                var t = p - (context.Length - 1);
                var sequence = sequences[chunk[r]];
                if (t < 0 || t >= sequence.Length) return;
                var logits = output.Row(r, p, w);
                result[chunk[r]][t] = logits[sequence[t]] - LogProbs.LogSumExp(logits);
            });
        }
        return result;
    }

    private static int RowsPerChunk(LanguageModel model, int length) =>
        (int)Math.Max(1, MaxLogitsBytes / (Math.Max(1L, length) * model.Io.VocabSize * 4));
}
