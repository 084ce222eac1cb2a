using RearPlayground.Worker.Engine;

namespace RearPlayground.Worker.Search.Scorers;

/// <summary>
/// GenRM baseline: the same model judges each response (<see cref="GenRmPrompt"/>) and the score is
/// log P(Yes) − log P(No) for the token after the prompt, at temperature 1 (after any tokens the two
/// answers share, see <see cref="GenRmPrompt.AnswerIds"/>).
/// All paths go through one batched pass: the prompt ids every row shares run once and are forked, then
/// each row feeds the rest (response + closing question), right-padded and masked.
/// A path with no tokens is still judged: its response is the empty string.
/// </summary>
/// <param name="maxLogitsBytes">Bounds the logits buffer of one pass ([rows, length, vocab] floats); larger
/// sets go in row chunks. Tests lower it to exercise the chunking.</param>
public sealed class GenRmScorer(long maxLogitsBytes = GenRmScorer.DefaultMaxLogitsBytes) : IPathScorer
{
    public const long DefaultMaxLogitsBytes = 256L << 20;

    private readonly long _maxLogitsBytes = maxLogitsBytes > 0
        ? maxLogitsBytes
        : throw new ArgumentOutOfRangeException(nameof(maxLogitsBytes), "must be positive");

    public const string ScorerName = "genrm";

    public string Name => ScorerName;

    /// <summary>
    /// True when no score says anything: each is a tie of Yes and No (within 1e-6) or unreadable (NaN: the judge's
    /// logits gave no number). What the run reports as <c>genrm-degenerate</c>.
    /// </summary>
    public static bool Degenerate(IReadOnlyList<double> scores) =>
        scores.Count > 0 && scores.All(s => double.IsNaN(s) || Math.Abs(s) <= Warnings.ScoreWarnings.Tolerance);

    public double[] Score(LanguageModel model, ScoringContext context, IReadOnlyList<ScoredPath> paths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(paths);
        var scores = new double[paths.Count];
        if (paths.Count == 0) return scores;

        var texts = paths.Select(p => GenRmPrompt.Format(model, context.Question, context.Preference,
            model.Tokenizer.Decode(p.TokenIds))).ToArray();
        // The prompt ends the same way for every row, so the answer ids do not depend on the response.
        var (lead, yes, no) = GenRmPrompt.AnswerIds(model, texts[0]);
        int[][] prompts = [.. texts.Select(t => (int[])[.. GenRmPrompt.Encode(model, t), .. lead])];
        var longestPrompt = prompts.Max(p => p.Length);
        if (longestPrompt > model.MaxPositions)
            throw new ArgumentException(
                $"GenRM: the judging prompt is {longestPrompt} tokens; {model.Name} supports {model.MaxPositions} positions. " +
                "Shorten the question, preference or responses.");
        if (prompts.Any(p => p.Length == 0)) throw new ArgumentException("GenRM: a judging prompt encodes to no tokens.");

        // Split on the encoded ids, not the strings: a response can change how the text before it tokenizes.
        var shared = SharedPrefix(prompts);
        using var prefix = KvState.Empty(model, 1);
        Prefill(model, prefix, prompts[0].AsSpan(0, shared), cancellationToken);

        var width = longestPrompt - shared;
        var rowsPerChunk = (int)Math.Max(1, _maxLogitsBytes / ((long)width * model.Io.VocabSize * 4));
        foreach (var chunk in Enumerable.Range(0, paths.Count).Chunk(rowsPerChunk))
        {
            cancellationToken.ThrowIfCancellationRequested();
            ScoreChunk(model, prefix, prompts, shared, chunk, yes, no, scores, cancellationToken);
        }
        return scores;
    }

    /// <summary>Longest common prefix of all rows, leaving each row at least one token to feed (its logits are the answer).</summary>
    internal static int SharedPrefix(IReadOnlyList<int[]> rows)
    {
        var limit = rows.Min(r => r.Length) - 1;
        var length = 0;
        while (length < limit && rows.All(r => r[length] == rows[0][length])) length++;
        return length;
    }

    // Its logits are not needed, so a long prefix runs in slices to keep the logits buffer bounded.
    private void Prefill(LanguageModel model, KvState state, ReadOnlySpan<int> ids, CancellationToken cancellationToken)
    {
        var slice = (int)Math.Max(1, _maxLogitsBytes / ((long)model.Io.VocabSize * 4));
        for (var start = 0; start < ids.Length; start += slice)
        {
            var part = ids.Slice(start, Math.Min(slice, ids.Length - start));
            model.Forward(state, part, part.Length, cancellationToken: cancellationToken).Dispose();
        }
    }

    private static void ScoreChunk(LanguageModel model, KvState prefix, int[][] prompts, int shared, int[] chunk,
        int yes, int no, double[] scores, CancellationToken cancellationToken)
    {
        var width = chunk.Max(i => prompts[i].Length) - shared;
        var tokens = new int[chunk.Length * width];
        var valid = new bool[chunk.Length * width];
        for (var r = 0; r < chunk.Length; r++)
        {
            var suffix = prompts[chunk[r]].AsSpan(shared);
            suffix.CopyTo(tokens.AsSpan(r * width));
            valid.AsSpan(r * width, suffix.Length).Fill(true);
        }
        using var state = prefix.Gather(new int[chunk.Length]);
        using var output = model.Forward(state, tokens, width, valid, cancellationToken);
        for (var r = 0; r < chunk.Length; r++)
        {
            var logits = output.Row(r, prompts[chunk[r]].Length - shared - 1);
            // log-softmax shifts every entry by the same log-sum-exp, so the difference of log-probs is the
            // difference of logits; skipping the normaliser avoids its rounding too.
            scores[chunk[r]] = (double)logits[yes] - logits[no];
        }
    }
}
