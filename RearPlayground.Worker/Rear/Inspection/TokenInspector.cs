using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Generation;
using RearPlayground.Worker.Engine.Sampling;
using RearPlayground.Worker.Engine.Tokenization;

namespace RearPlayground.Worker.Rear.Inspection;

/// <summary>
/// A response explained token by token: two teacher-forced passes (the context without the preference, then with it),
/// each the context prefilled once and the response fed as one step after it (as <see cref="TeacherForcer"/> does), and
/// for every position the whole next-token distribution of both read: ℓ0, ℓp, ranks, top-k, KL(p_pref ‖ p_0).
/// <paramref name="prefix"/> (a DVTS node's ancestors) is forced too but not reported; the response's positions are.
/// </summary>
public static class TokenInspector
{
    public static TokenInspection Inspect(LanguageModel model, RearContexts contexts, IReadOnlyList<int> prefix,
        IReadOnlyList<int> response, int topK, double lambda, CancellationToken cancellationToken = default, PassProfile? profile = null)
    {
        var begun = PassProfile.Now();
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(contexts);
        if (!TokenInspection.TopKOk(topK)) throw new ArgumentOutOfRangeException(nameof(topK), TokenInspection.TopKRule);
        int[] path = [.. prefix, .. response];
        var vocab = model.Io.VocabSize;
        foreach (var bad in path.Where(id => id < 0 || id >= vocab).Take(1))
            throw new ModelLoadException($"token id {bad} is outside the model's vocabulary ({vocab}): the model is not the one that produced the run");
        if (response.Count == 0) return new TokenInspection(lambda, topK, []);
        contexts.EnsureFits(model.MaxPositions, path.Length);

        var start = PassProfile.Now();
        using var without = Forced.Run(model, contexts.Without, path, cancellationToken);
        using var with = contexts.Identical ? null : Forced.Run(model, contexts.With, path, cancellationToken);
        profile?.Forward(start);
        var texts = new AlternativeTexts(model.Tokenizer);
        var pieces = TokenPieces.Split(model.Tokenizer, path);
        var tokens = new InspectedToken[response.Count];
        var stats = new (float L0, float Lp, int Rank0, int RankP, double Kl, (int Id, float LogProb)[] Top0, (int Id, float LogProb)[] TopP)[response.Count];
        start = PassProfile.Now();
        var workers = new RowParallel<Scratch>(() => new Scratch(vocab));
        workers.For(response.Count, vocab, (i, s) =>
        {
            var t = prefix.Count + i;
            var id = path[t];
            var row0 = without.Output.Row(0, t, s.Half0);
            var rowP = (with ?? without).Output.Row(0, t, s.HalfP);
            var lse0 = NextTokenStats.LogSumExp(row0);
            var lseP = NextTokenStats.LogSumExp(rowP);
            stats[i] = (row0[id] - lse0, rowP[id] - lseP,
                NextTokenStats.Rank(row0, id), NextTokenStats.Rank(rowP, id),
                with is null ? 0 : NextTokenStats.Kl(rowP, lseP, row0, lse0, s.A, s.B),
                NextTokenStats.Top(row0, topK, lse0), NextTokenStats.Top(rowP, topK, lseP));
        });
        profile?.LogProbs(start);
        // Texts after the parallel part: tokenizers are not promised to be thread-safe.
        for (var i = 0; i < response.Count; i++)
        {
            var t = prefix.Count + i;
            var x = stats[i];
            var previous = t == 0 ? contexts.Without[^1] : path[t - 1];
            tokens[i] = new InspectedToken(path[t], pieces[t], x.L0, x.Lp, RearScore.Reward(x.L0, x.Lp, lambda), x.Rank0, x.RankP, x.Kl,
                texts.Of(previous, x.Top0), texts.Of(previous, x.TopP));
        }
        profile?.Total(begun);
        return new TokenInspection(lambda, topK, tokens);
    }

    private sealed class Scratch(int vocab)
    {
        public float[] Half0 { get; } = new float[vocab];
        public float[] HalfP { get; } = new float[vocab];
        public float[] A { get; } = new float[vocab];
        public float[] B { get; } = new float[vocab];
    }

    /// <summary>One context's pass: row t of <see cref="Output"/> predicts path[t].</summary>
    private sealed class Forced(KvState state, ForwardOutput output) : IDisposable
    {
        public ForwardOutput Output => output;

        public static Forced Run(LanguageModel model, int[] context, int[] path, CancellationToken cancellationToken)
        {
            var state = Prefill.Fork(model, context, 1, cancellationToken);
            try
            {
                // The context's last token is pending: fed first, its logits predict path[0] (as StepForcer feeds a step).
                int[] tokens = [context[^1], .. path.AsSpan(0, path.Length - 1)];
                return new Forced(state, model.Forward(state, tokens, tokens.Length, cancellationToken: cancellationToken));
            }
            catch
            {
                state.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            output.Dispose();
            state.Dispose();
        }
    }
}
