using System.Diagnostics;
using RearPlayground.Worker.Engine.Sampling;

namespace RearPlayground.Worker.Engine.Generation;

/// <summary>
/// <see cref="BatchGenerator"/> for several requests at once (a batch's items in one pass): each context runs alone
/// (batch 1, as a single run's does) and its first tokens are drawn from it; then every candidate of every request is one
/// row of ONE batch (<see cref="KvStack"/>: prompts left-padded, masked) and each step feeds one token per live row.
/// Candidate i of request j draws from <c>SeededRandom.ForCandidate(Seed_j, i)</c>, so each request samples what it
/// would alone; what the pass saves is the per-step model call, shared by all rows.
/// </summary>
public static class PassGenerator
{
    /// <param name="observe">After every step, per request: its candidates' tokens so far (as <see cref="BatchGenerator"/>'s).</param>
    public static (GeneratedSequence[] Sequences, GenerationStats Stats)[] Generate(LanguageModel model,
        IReadOnlyList<GenerationRequest> requests, CancellationToken cancellationToken = default,
        IReadOnlyList<Action<IReadOnlyList<IReadOnlyList<int>>>?>? observe = null)
    {
        foreach (var r in requests)
        {
            if (r.Count < 1) throw new ArgumentException("at least one candidate is needed");
            if (r.Context.Length == 0) throw new ArgumentException("the context is empty");
            r.Sampling.Validate();
        }
        var owner = requests.SelectMany((r, j) => Enumerable.Repeat(j, r.Count)).ToArray();
        var first = new int[requests.Count];
        for (var j = 1; j < requests.Count; j++) first[j] = first[j - 1] + requests[j - 1].Count;
        var total = owner.Length;
        var tokens = Enumerable.Range(0, total).Select(_ => new List<int>()).ToArray();
        var logProbs = Enumerable.Range(0, total).Select(_ => new List<float>()).ToArray();
        var finish = new FinishReason?[total];
        var randoms = Enumerable.Range(0, total).Select(c => SeededRandom.ForCandidate(requests[owner[c]].Seed, c - first[owner[c]])).ToArray();
        var views = requests.Select((r, j) => (IReadOnlyList<IReadOnlyList<int>>)tokens.Skip(first[j]).Take(r.Count).ToArray()).ToArray();
        var vocab = model.Io.VocabSize;
        var workers = new RowParallel<(TokenSampler Sampler, float[] Row)>(() => (new TokenSampler(vocab), new float[vocab]));
        var clock = Stopwatch.StartNew();
        var prefixMs = new double[requests.Count];
        var calls = new int[requests.Count];
        var prefixes = new KvState[requests.Count];
        try
        {
            for (var j = 0; j < requests.Count; j++)
            {
                var request = requests[j];
                var start = clock.Elapsed.TotalMilliseconds;
                prefixes[j] = KvState.Empty(model, 1);
                if (request.MaxNewTokens <= 0) continue;
                calls[j] = 1;
                using var output = model.Forward(prefixes[j], request.Context, request.Context.Length, cancellationToken: cancellationToken);
                var lastPosition = request.Context.Length - 1;
                var offset = first[j];
                workers.For(request.Count, vocab, (c, w) =>
                    Append(offset + c, w.Sampler.Sample(output.Row(0, lastPosition, w.Row), request.Sampling, randoms[offset + c])));
                prefixMs[j] = clock.Elapsed.TotalMilliseconds - start;
            }
            Observe();
            var decodeStart = clock.Elapsed.TotalMilliseconds;
            var rows = Enumerable.Range(0, total).Where(c => finish[c] is null && requests[owner[c]].MaxNewTokens > 0).ToArray();
            if (rows.Length > 0) Decode(rows);
            var decodeMs = clock.Elapsed.TotalMilliseconds - decodeStart;
            return requests.Select((r, j) =>
            {
                var own = Enumerable.Range(first[j], r.Count);
                var sequences = own.Select(c => new GeneratedSequence([.. tokens[c]], [.. logProbs[c]], finish[c] ?? FinishReason.Length)).ToArray();
                var stats = r.MaxNewTokens <= 0 ? new GenerationStats(0, 0, 0, 0)
                    : new GenerationStats(calls[j], sequences.Sum(s => s.TokenIds.Length), prefixMs[j], decodeMs);
                return (sequences, stats);
            }).ToArray();
        }
        finally
        {
            foreach (var p in prefixes) p?.Dispose();
        }

        void Decode(int[] rows)
        {
            // rows[r] = candidate held in row r of the batch state.
            var state = KvStack.Build(model, prefixes, rows.Select(c => owner[c]).ToArray());
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
                    foreach (var j in rows.Where(c => finish[c] is null).Select(c => owner[c]).Distinct()) calls[j]++;
                    using (var output = model.Forward(state, step.AsSpan(0, rows.Length), 1, valid.AsSpan(0, rows.Length), cancellationToken))
                    {
                        var batchRows = rows;
                        workers.For(batchRows.Length, vocab, (r, w) =>
                        {
                            var c = batchRows[r];
                            if (finish[c] is null) Append(c, w.Sampler.Sample(output.Row(r, 0, w.Row), requests[owner[c]].Sampling, randoms[c]));
                        });
                    }
                    Observe();
                    FinishedRows.Drop(ref state, ref rows, c => finish[c] is not null);
                }
            }
            finally
            {
                state.Dispose();
            }
        }

        void Observe()
        {
            if (observe is null) return;
            for (var j = 0; j < requests.Count; j++) observe[j]?.Invoke(views[j]);
        }

        void Append(int c, (int Token, float LogProb) drawn)
        {
            var request = requests[owner[c]];
            tokens[c].Add(drawn.Token);
            logProbs[c].Add(drawn.LogProb);
            if (request.StopIds.Contains(drawn.Token)) finish[c] = FinishReason.Eos;
            else if (tokens[c].Count >= request.MaxNewTokens) finish[c] = FinishReason.Length;
        }
    }
}
