namespace RearPlayground.Worker.Engine;

/// <summary>
/// A multi-token pass on top of a cache, fed one token per call: for graphs whose attention mask only handles
/// "no cache" or "one new token". Column s of every row goes in call s with the same padding flags, so the state
/// ends exactly as one batched call would leave it, and the logits are gathered into one [batch, seq, vocab] buffer.
/// </summary>
internal static class IncrementalForward
{
    public static ForwardOutput Run(LanguageModel model, KvState state, ReadOnlySpan<int> tokens, int seqLen, ReadOnlySpan<bool> valid,
        CancellationToken cancellationToken)
    {
        var batch = state.Batch;
        if (tokens.Length != batch * seqLen) throw new ArgumentException("tokens must be batch × seqLen");
        var vocab = model.Io.VocabSize;
        var logits = new float[(long)batch * seqLen * vocab];
        var column = new int[batch];
        var columnValid = new bool[batch];
        var scratch = new float[vocab];
        for (var s = 0; s < seqLen; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var b = 0; b < batch; b++)
            {
                column[b] = tokens[b * seqLen + s];
                columnValid[b] = valid.IsEmpty || valid[b * seqLen + s];
            }
            using var output = model.ForwardOnce(state, column, 1, columnValid, cancellationToken);
            for (var b = 0; b < batch; b++)
                output.Row(b, 0, scratch).CopyTo(logits.AsSpan((int)(((long)b * seqLen + s) * vocab), vocab));
        }
        return new ForwardOutput(logits, batch, seqLen, vocab);
    }
}
