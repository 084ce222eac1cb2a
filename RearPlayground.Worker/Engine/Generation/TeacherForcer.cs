using RearPlayground.Worker.Engine.Sampling;

namespace RearPlayground.Worker.Engine.Generation;

/// <summary>
/// Log-probs of given token sequences under a context, all sequences in one batched pass:
/// the context runs once, its cache is forked per sequence, then each row feeds its tokens
/// (right-padded and masked) and position t's logits score token t+1.
/// </summary>
public static class TeacherForcer
{
    // Bounds the logits buffer of one pass ([rows, length, vocab] floats); larger sets go in row chunks.
    private const long MaxLogitsBytes = 256L << 20;

    public static (float[][] LogProbs, int ForwardPositions) Score(
        LanguageModel model, int[] context, IReadOnlyList<int[]> sequences, CancellationToken cancellationToken = default)
    {
        if (context.Length == 0) throw new ArgumentException("the context is empty");
        var result = sequences.Select(s => new float[s.Length]).ToArray();
        var positions = context.Length;
        using var prefix = KvState.Empty(model, 1);
        using (var output = model.Forward(prefix, context, context.Length, cancellationToken: cancellationToken))
        {
            var last = output.Row(0, context.Length - 1);
            var lse = LogProbs.LogSumExp(last);
            for (var i = 0; i < sequences.Count; i++)
                if (sequences[i].Length > 0) result[i][0] = last[sequences[i][0]] - lse;
        }

        var pending = Enumerable.Range(0, sequences.Count).Where(i => sequences[i].Length > 1).ToArray();
        var longest = pending.Length == 0 ? 0 : pending.Max(i => sequences[i].Length) - 1;
        if (longest == 0) return (result, positions);
        var rowsPerChunk = (int)Math.Max(1, MaxLogitsBytes / ((long)longest * model.Io.VocabSize * 4));
        foreach (var chunk in pending.Chunk(rowsPerChunk))
            positions += ScoreChunk(model, prefix, sequences, chunk, result, cancellationToken);
        return (result, positions);
    }

    private static int ScoreChunk(LanguageModel model, KvState prefix, IReadOnlyList<int[]> sequences, int[] chunk,
        float[][] result, CancellationToken cancellationToken)
    {
        var width = chunk.Max(i => sequences[i].Length) - 1;
        var tokens = new int[chunk.Length * width];
        var valid = new bool[chunk.Length * width];
        for (var r = 0; r < chunk.Length; r++)
        {
            var seq = sequences[chunk[r]];
            for (var s = 0; s < seq.Length - 1; s++)
            {
                tokens[r * width + s] = seq[s];
                valid[r * width + s] = true;
            }
        }
        using var state = prefix.Gather(new int[chunk.Length]);
        using var output = model.Forward(state, tokens, width, valid, cancellationToken);
        var vocab = model.Io.VocabSize;
        var workers = new RowParallel<float[]>(() => new float[vocab]);
        workers.For(chunk.Length * width, vocab, (i, w) =>
        {
            var (r, s) = Math.DivRem(i, width);
            var seq = sequences[chunk[r]];
            if (s >= seq.Length - 1) return;
            var row = output.Row(r, s, w);
            result[chunk[r]][s + 1] = row[seq[s + 1]] - LogProbs.LogSumExp(row);
        });
        return chunk.Sum(i => sequences[i].Length - 1);
    }
}
