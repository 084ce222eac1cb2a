using System.Diagnostics;
using RearPlayground.Worker.Engine.Sampling;

namespace RearPlayground.Worker.Engine.Generation;

/// <summary>
/// REAR-guided sampling of N candidates: each candidate keeps two KV caches, its context without the preference and
/// with it, and every step decodes ONE batch of 2N rows (row r without, row R + r with, both fed the candidate's last
/// token). The next token is drawn from the mix of the two rows (<see cref="GuidanceMix"/>) with temperature / top-k /
/// top-p applied after mixing; ℓ0 and ℓp of the drawn token come from the same two rows, so no rescoring is needed.
/// </summary>
public static class GuidedGenerator
{
    /// <param name="observe">As <see cref="BatchGenerator"/>'s: each candidate's tokens so far, after every step.</param>
    public static (GuidedSequence[] Sequences, GenerationStats Stats) Generate(LanguageModel model, GuidedRequest request,
        CancellationToken cancellationToken = default, Action<IReadOnlyList<IReadOnlyList<int>>>? observe = null)
    {
        if (request.Count < 1) throw new ArgumentException("at least one candidate is needed");
        if (request.Without.Length == 0 || request.With.Length == 0) throw new ArgumentException("the context is empty");
        if (!double.IsFinite(request.Guidance)) throw new ArgumentException("guidance must be a finite number");
        request.Sampling.Validate();
        var n = request.Count;
        var tokens = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        var without = Enumerable.Range(0, n).Select(_ => new List<float>()).ToArray();
        var with = Enumerable.Range(0, n).Select(_ => new List<float>()).ToArray();
        var finish = new FinishReason?[n];
        var randoms = Enumerable.Range(0, n).Select(i => SeededRandom.ForCandidate(request.Seed, i)).ToArray();
        var vocab = model.Io.VocabSize;
        var workers = new RowParallel<Scratch>(() => new Scratch(vocab));
        var clock = Stopwatch.StartNew();
        if (request.MaxNewTokens <= 0) return (Finish(), new GenerationStats(0, 0, 0, 0));

        // Each context runs alone (batch 1); its last position predicts every candidate's first token.
        var prefixes = new KvState[2];
        var calls = 2;
        try
        {
            prefixes[0] = KvState.Empty(model, 1);
            prefixes[1] = KvState.Empty(model, 1);
            using (var out0 = model.Forward(prefixes[0], request.Without, request.Without.Length, cancellationToken: cancellationToken))
            using (var outP = model.Forward(prefixes[1], request.With, request.With.Length, cancellationToken: cancellationToken))
            {
                int last0 = request.Without.Length - 1, lastP = request.With.Length - 1;
                workers.For(n, vocab, (c, w) => Draw(c, out0.Row(0, last0, w.Without), outP.Row(0, lastP, w.With), w));
            }
            var prefixMs = clock.Elapsed.TotalMilliseconds;
            observe?.Invoke(tokens);
            var rows = Enumerable.Range(0, n).Where(c => finish[c] is null).ToArray(); // rows[r] = candidate in rows r and R + r
            if (rows.Length == 0) return (Finish(), new GenerationStats(calls, Count(), prefixMs, 0));

            var state = KvStack.Build(model, prefixes, [.. rows.Select(_ => 0), .. rows.Select(_ => 1)]);
            try
            {
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (rows.All(c => finish[c] is not null)) break;
                    var live = rows.Length;
                    var step = new int[2 * live];
                    var valid = new bool[2 * live];
                    for (var r = 0; r < live; r++)
                    {
                        step[r] = step[live + r] = tokens[rows[r]][^1];
                        valid[r] = valid[live + r] = finish[rows[r]] is null;
                    }
                    calls++;
                    using (var output = model.Forward(state, step, 1, valid, cancellationToken))
                    {
                        var batchRows = rows;
                        workers.For(live, vocab, (r, w) =>
                        {
                            var c = batchRows[r];
                            if (finish[c] is null) Draw(c, output.Row(r, 0, w.Without), output.Row(live + r, 0, w.With), w);
                        });
                    }
                    observe?.Invoke(tokens);
                    FinishedRows.Drop(ref state, ref rows, c => finish[c] is not null, copies: 2);
                }
            }
            finally
            {
                state.Dispose();
            }
            return (Finish(), new GenerationStats(calls, Count(), prefixMs, clock.Elapsed.TotalMilliseconds - prefixMs));
        }
        finally
        {
            foreach (var p in prefixes) p?.Dispose();
        }

        void Draw(int c, ReadOnlySpan<float> row0, ReadOnlySpan<float> rowP, Scratch w)
        {
            var (lse0, lseP) = GuidanceMix.Mix(row0, rowP, request.Guidance, w.Mixed);
            // λ_g = 0 or 1 gives one context all the weight: its own row is drawn from, as plain sampling draws, bit for bit.
            var source = request.Guidance == 0 ? row0 : request.Guidance == 1 ? rowP : w.Mixed;
            var token = w.Sampler.Sample(source, request.Sampling, randoms[c]).Token;
            tokens[c].Add(token);
            without[c].Add(row0[token] - lse0);
            with[c].Add(rowP[token] - lseP);
            if (request.StopIds.Contains(token)) finish[c] = FinishReason.Eos;
            else if (tokens[c].Count >= request.MaxNewTokens) finish[c] = FinishReason.Length;
        }

        int Count() => tokens.Sum(t => t.Count);

        GuidedSequence[] Finish() => tokens.Select((t, c) =>
            new GuidedSequence([.. t], [.. without[c]], [.. with[c]], finish[c] ?? FinishReason.Length)).ToArray();
    }

    private sealed class Scratch(int vocab)
    {
        public TokenSampler Sampler { get; } = new(vocab);
        public float[] Without { get; } = new float[vocab];
        public float[] With { get; } = new float[vocab];
        public float[] Mixed { get; } = new float[vocab];
    }
}
