using System.Diagnostics;
using RearPlayground.Worker.Engine.Sampling;

namespace RearPlayground.Worker.Engine.Generation;

/// <summary>
/// Samples N candidates in one batch: the context is run once (batch 1), its KV cache is forked into
/// N rows, then every step feeds one token per live row. Finished rows are dropped from the batch once
/// a quarter of it is dead, so late steps do not pay for them.
/// </summary>
public static class BatchGenerator
{
    /// <param name="observe">Called on the sampling thread after every step with each candidate's tokens so far
    /// (read-only views that the next step extends): live views follow the candidates as they grow.</param>
    public static (GeneratedSequence[] Sequences, GenerationStats Stats) Generate(
        LanguageModel model, GenerationRequest request, CancellationToken cancellationToken = default,
        Action<IReadOnlyList<IReadOnlyList<int>>>? observe = null)
    {
        if (request.Count < 1) throw new ArgumentException("at least one candidate is needed");
        if (request.Context.Length == 0) throw new ArgumentException("the context is empty");
        request.Sampling.Validate();
        var n = request.Count;
        var tokens = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        var logProbs = Enumerable.Range(0, n).Select(_ => new List<float>()).ToArray();
        var finish = new FinishReason?[n];
        var randoms = Enumerable.Range(0, n).Select(i => SeededRandom.ForCandidate(request.Seed, i)).ToArray();
        var vocab = model.Io.VocabSize;
        var workers = new RowParallel<(TokenSampler Sampler, float[] Row)>(() => (new TokenSampler(vocab), new float[vocab]));
        var clock = Stopwatch.StartNew();
        var calls = 1;

        if (request.MaxNewTokens <= 0)
            return (Finish(tokens, logProbs, finish), new GenerationStats(0, 0, 0, 0));

        var prefix = KvState.Empty(model, 1);
        try
        {
            using (var output = model.Forward(prefix, request.Context, request.Context.Length, cancellationToken: cancellationToken))
            {
                var lastPosition = request.Context.Length - 1;
                workers.For(n, vocab, (c, w) => Append(c, w.Sampler.Sample(output.Row(0, lastPosition, w.Row), request.Sampling, randoms[c])));
            }
            var prefixMs = clock.Elapsed.TotalMilliseconds;
            observe?.Invoke(tokens);
            var live = Enumerable.Range(0, n).Where(c => finish[c] is null).ToArray();
            if (live.Length == 0) return (Finish(tokens, logProbs, finish), new GenerationStats(calls, Count(tokens), prefixMs, 0));

            // rows[r] = candidate held in row r of the batch state.
            var rows = live;
            var state = prefix.Gather(new int[rows.Length]);
            try
            {
                var step = new int[rows.Length];
                var valid = new bool[rows.Length];
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (rows.All(c => finish[c] is not null)) break;
                    for (var r = 0; r < rows.Length; r++)
                    {
                        step[r] = tokens[rows[r]][^1];
                        valid[r] = finish[rows[r]] is null;
                    }
                    calls++;
                    using (var output = model.Forward(state, step.AsSpan(0, rows.Length), 1, valid.AsSpan(0, rows.Length), cancellationToken))
                    {
                        var batchRows = rows;
                        workers.For(batchRows.Length, vocab, (r, w) =>
                        {
                            var c = batchRows[r];
                            if (finish[c] is null) Append(c, w.Sampler.Sample(output.Row(r, 0, w.Row), request.Sampling, randoms[c]));
                        });
                    }

                    observe?.Invoke(tokens);
                    FinishedRows.Drop(ref state, ref rows, c => finish[c] is not null);
                }
            }
            finally
            {
                state.Dispose();
            }
            return (Finish(tokens, logProbs, finish),
                new GenerationStats(calls, Count(tokens), prefixMs, clock.Elapsed.TotalMilliseconds - prefixMs));
        }
        finally
        {
            prefix.Dispose();
        }

        void Append(int c, (int Token, float LogProb) drawn)
        {
            tokens[c].Add(drawn.Token);
            logProbs[c].Add(drawn.LogProb);
            if (request.StopIds.Contains(drawn.Token)) finish[c] = FinishReason.Eos;
            else if (tokens[c].Count >= request.MaxNewTokens) finish[c] = FinishReason.Length;
        }
    }

    private static int Count(List<int>[] tokens) => tokens.Sum(t => t.Count);

    private static GeneratedSequence[] Finish(List<int>[] tokens, List<float>[] logProbs, FinishReason?[] finish) =>
        tokens.Select((t, c) => new GeneratedSequence([.. t], [.. logProbs[c]], finish[c] ?? FinishReason.Length)).ToArray();
}
