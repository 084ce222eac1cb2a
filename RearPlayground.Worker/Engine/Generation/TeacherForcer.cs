namespace RearPlayground.Worker.Engine.Generation;

/// <summary>
/// Log-probs of given token sequences under a context, all sequences in one batched pass: the context runs
/// once, its cache is forked per sequence, and each sequence is scored as one step after it.
/// </summary>
public static class TeacherForcer
{
    // Bounds the logits buffer of one pass ([rows, length, vocab] floats); larger sets go in row chunks.
    private const long MaxLogitsBytes = 256L << 20;

    public static float[][] Score(LanguageModel model, int[] context, IReadOnlyList<int[]> sequences, CancellationToken cancellationToken = default)
    {
        if (context.Length == 0) throw new ArgumentException("the context is empty");
        var result = new float[sequences.Count][];
        var longest = sequences.Count == 0 ? 0 : sequences.Max(s => s.Length);
        var rowsPerChunk = (int)Math.Max(1, MaxLogitsBytes / (Math.Max(1L, longest) * model.Io.VocabSize * 4));
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
}
