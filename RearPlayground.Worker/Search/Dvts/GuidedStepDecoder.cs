using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Generation;
using RearPlayground.Worker.Engine.Sampling;

namespace RearPlayground.Worker.Search.Dvts;

/// <summary>
/// <see cref="StepDecoder"/> with REAR guidance: each row's step is drawn from its two states (without and with the
/// preference, both holding the path minus the pending token) mixed by <see cref="GuidanceMix"/>; both states are fed
/// every drawn token, so afterwards they stand where StepDecoder and StepForcer would leave them, and ℓ0 / ℓp come from
/// the same rows (no forced pass). The two states differ in length and holes, so each step is two model calls of R rows
/// rather than one of 2R: the same work on a CPU.
/// </summary>
public static class GuidedStepDecoder
{
    public sealed record Step(int[] TokenIds, float[] Without, float[] With, FinishReason FinishReason);

    /// <summary>
    /// DVTS's view: states named by the context it samples from and the other one; answers steps carrying the sampled
    /// context's log-probs (as <see cref="StepDecoder"/>'s) and the other context's beside them (as StepForcer's).
    /// </summary>
    public static (StepDecoder.Step[] Steps, float[][] Other, int ForwardCalls) DecodeAs(bool sampleWith, LanguageModel model,
        KvState sample, KvState other, int[] pendingSample, int[] pendingOther, SeededRandom[] randoms, SamplingOptions sampling,
        double guidance, StepRules rules, int[] budget, CancellationToken cancellationToken)
    {
        var (steps, calls) = sampleWith
            ? Decode(model, other, sample, pendingOther, pendingSample, randoms, sampling, guidance, rules, budget, cancellationToken)
            : Decode(model, sample, other, pendingSample, pendingOther, randoms, sampling, guidance, rules, budget, cancellationToken);
        return (steps.Select(s => new StepDecoder.Step(s.TokenIds, sampleWith ? s.With : s.Without, s.FinishReason)).ToArray(),
            steps.Select(s => sampleWith ? s.Without : s.With).ToArray(), calls);
    }

    public static (Step[] Steps, int ForwardCalls) Decode(LanguageModel model, KvState without, KvState with, int[] pendingWithout,
        int[] pendingWith, SeededRandom[] randoms, SamplingOptions sampling, double guidance, StepRules rules, int[] budget,
        CancellationToken cancellationToken)
    {
        var rows = without.Batch;
        if (with.Batch != rows) throw new ArgumentException("both states need the same rows");
        var tokens = Enumerable.Range(0, rows).Select(_ => new List<int>()).ToArray();
        var l0 = Enumerable.Range(0, rows).Select(_ => new List<float>()).ToArray();
        var lp = Enumerable.Range(0, rows).Select(_ => new List<float>()).ToArray();
        var finish = new FinishReason?[rows];
        var feed0 = (int[])pendingWithout.Clone();
        var feedP = (int[])pendingWith.Clone();
        var valid = new bool[rows];
        var drawn = new (int Token, float Without, float With)[rows];
        var vocab = model.Io.VocabSize;
        var workers = new RowParallel<(TokenSampler Sampler, float[] Without, float[] With, float[] Mixed)>(
            () => (new TokenSampler(vocab), new float[vocab], new float[vocab], new float[vocab]));
        var calls = 0;
        while (finish.Any(f => f is null))
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var r = 0; r < rows; r++) valid[r] = finish[r] is null;
            calls += 2;
            using (var out0 = model.Forward(without, feed0, 1, valid, cancellationToken))
            using (var outP = model.Forward(with, feedP, 1, valid, cancellationToken))
            {
                workers.For(rows, vocab, (r, w) =>
                {
                    if (finish[r] is not null) return;
                    var row0 = out0.Row(r, 0, w.Without);
                    var rowP = outP.Row(r, 0, w.With);
                    var (lse0, lseP) = GuidanceMix.Mix(row0, rowP, guidance, w.Mixed);
                    var source = guidance == 0 ? row0 : guidance == 1 ? rowP : w.Mixed;
                    var token = w.Sampler.Sample(source, sampling, randoms[r]).Token;
                    drawn[r] = (token, row0[token] - lse0, rowP[token] - lseP);
                });
            }
            // Stop checks decode text: done on this thread, as StepDecoder does.
            for (var r = 0; r < rows; r++)
            {
                if (finish[r] is not null) continue;
                tokens[r].Add(drawn[r].Token);
                l0[r].Add(drawn[r].Without);
                lp[r].Add(drawn[r].With);
                finish[r] = StepDecoder.Finished(model, rules, tokens[r], budget[r]);
                feed0[r] = feedP[r] = drawn[r].Token;
            }
        }
        return (tokens.Select((t, r) => new Step([.. t], [.. l0[r]], [.. lp[r]], finish[r]!.Value)).ToArray(), calls);
    }
}
