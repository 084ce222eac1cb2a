using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Search;

namespace RearPlayground.Web.Components.Shared.RunView;

/// <summary>
/// How a DVTS node's stored score is made from its path's ℓ0/ℓp (every step from the subtree's start to the node: DVTS
/// scores the whole path so far), at the run's λ, γ, aggregation and EOS rule. The terms are summed in RearScore's
/// order, so <see cref="PartWithout"/> + <see cref="PartWith"/> is the score to rounding (≈1e-12), not an estimate.
/// </summary>
/// <param name="Scorer">rear, likelihood (λ = 1) or genrm (not made of ℓ0/ℓp: <see cref="IsRear"/> false).</param>
/// <param name="Tokens">Tokens scored: the path's, less a final EOS when ScoreEos is off (<see cref="EosDropped"/>).</param>
/// <param name="TermWithout">(1 − λ)·Σℓ0 over the scored tokens, before the discount.</param>
/// <param name="TermWith">λ·Σℓp, before the discount.</param>
/// <param name="DiscountedWithout">(1 − λ)·Σγ^t·ℓ0.</param>
/// <param name="DiscountedWith">λ·Σγ^t·ℓp.</param>
/// <param name="PartWithout">The ℓ0 side of the aggregated score: Σ/n for mean, Σ for sum, the one token's term for min and last.</param>
/// <param name="PartWith">The ℓp side likewise.</param>
/// <param name="AtToken">min and last: the path position (0-based) whose term is the score; null for mean and sum.</param>
/// <param name="Score">RearScore of the path at these options: equals <see cref="StoredScore"/> for rear and likelihood.</param>
public sealed record ScoreBreakdown(string Scorer, double Lambda, double Gamma, Aggregation Aggregation, int Tokens, bool EosDropped,
    double TermWithout, double TermWith, double DiscountedWithout, double DiscountedWith,
    double PartWithout, double PartWith, int? AtToken, double Score, double StoredScore)
{
    public bool IsRear => Scorer != "genrm";

    /// <summary>What γ took away (or, for negative terms, added): discounted minus undiscounted sum.</summary>
    public double DiscountEffect => DiscountedWithout + DiscountedWith - (TermWithout + TermWith);

    /// <summary>γ^(n−1): the weight of the last scored token.</summary>
    public double LastDiscount => Tokens == 0 ? 1 : Math.Pow(Gamma, Tokens - 1);

    /// <summary>The recomputed score is the stored one (rear, likelihood); ±∞ equal themselves.</summary>
    public bool MatchesStored => IsRear && (Score == StoredScore || Math.Abs(Score - StoredScore) <= 1e-9 * Math.Max(1, Math.Abs(StoredScore)));

    /// <summary>The run's REAR options as its scorer applied them (likelihood is λ = 1, as ScorerFactory builds it).</summary>
    public static RearOptions OptionsOf(SearchRequest request) =>
        request.Scorer == "likelihood" ? request.RearOrDefault with { Lambda = 1 } : request.RearOrDefault;

    /// <summary>The breakdown of <paramref name="path"/> (root step first) ending at its last node.</summary>
    public static ScoreBreakdown Of(IReadOnlyList<ViewNode> path, SearchRequest request)
    {
        if (path.Count == 0) throw new ArgumentException("a path has at least one node", nameof(path));
        var node = path[^1];
        var options = OptionsOf(request);
        var without = path.SelectMany(n => n.LogProbsWithout).ToArray();
        var with = path.SelectMany(n => n.LogProbsWith).ToArray();
        var eos = node.FinishReason == "eos";
        var count = without.Length;
        var dropped = eos && !options.ScoreEos && count > 0;
        if (dropped) count--;

        double lambda = options.Lambda, gamma = options.Gamma, discount = 1;
        double termWithout = 0, termWith = 0, discWithout = 0, discWith = 0;
        double min = double.PositiveInfinity;
        (double Without, double With) atMin = (0, 0), atLast = (0, 0);
        int minAt = -1;
        for (var t = 0; t < count; t++)
        {
            // RearScore's rules: a zero-weighted side is left out (no 0·−∞), an underflowed discount weighs 0.
            double w0 = lambda == 1 ? 0 : (1 - lambda) * without[t], wp = lambda == 0 ? 0 : lambda * with[t];
            termWithout += w0;
            termWith += wp;
            (double Without, double With) term = discount == 0 ? (0, 0) : (discount * w0, discount * wp);
            discWithout += term.Without;
            discWith += term.With;
            var r = discount == 0 ? 0 : discount * RearScore.Reward(without[t], with[t], lambda);
            if (r < min || minAt < 0) { min = r; minAt = t; atMin = term; }
            atLast = term;
            discount *= gamma;
        }
        var score = RearScore.Compute(without, with, options, eos);
        var (partWithout, partWith, at) = count == 0 ? (double.NegativeInfinity, 0d, (int?)null) : options.Aggregation switch
        {
            Aggregation.Mean => (discWithout / count, discWith / count, (int?)null),
            Aggregation.Sum => (discWithout, discWith, null),
            Aggregation.Min => (atMin.Without, atMin.With, minAt),
            _ => (atLast.Without, atLast.With, count - 1),
        };
        return new ScoreBreakdown(request.Scorer, lambda, gamma, options.Aggregation, count, dropped,
            termWithout, termWith, discWithout, discWith, partWithout, partWith, at, score, node.Score);
    }
}
