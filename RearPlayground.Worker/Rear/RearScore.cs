namespace RearPlayground.Worker.Rear;

/// <summary>
/// S_REAR = AGG_t(γ^t · r_t) with r_t = (1 − λ)·ℓ0_t + λ·ℓp_t. Pure arithmetic on stored log-probs,
/// so any λ, γ or aggregation is re-scored without the model. Never NaN: a token's term with weight 0 is left out
/// (so 0 · −∞ never happens at λ = 0 or 1), and a score that still cannot be told (−∞ + ∞) ranks last as −∞.
/// </summary>
public static class RearScore
{
    /// <param name="withoutPreference">ℓ0_t for each response token.</param>
    /// <param name="withPreference">ℓp_t for the same tokens.</param>
    /// <param name="endedWithEos">The last token is EOS / end-of-turn (dropped when ScoreEos is off).</param>
    public static double Compute(ReadOnlySpan<float> withoutPreference, ReadOnlySpan<float> withPreference, RearOptions options, bool endedWithEos)
    {
        if (withoutPreference.Length != withPreference.Length)
            throw new ArgumentException("ℓ0 and ℓp must cover the same tokens");
        var count = withoutPreference.Length;
        if (endedWithEos && !options.ScoreEos && count > 0) count--;
        if (count == 0) return double.NegativeInfinity;

        double sum = 0, min = double.PositiveInfinity, last = 0, discount = 1;
        for (var t = 0; t < count; t++)
        {
            // A discount that underflowed to 0 weighs the token 0, even an impossible one (−∞).
            var r = discount == 0 ? 0 : discount * Reward(withoutPreference[t], withPreference[t], options.Lambda);
            sum += r;
            min = Math.Min(min, r);
            last = r;
            discount *= options.Gamma;
        }
        var score = options.Aggregation switch
        {
            Aggregation.Mean => sum / count,
            Aggregation.Sum => sum,
            Aggregation.Min => min,
            Aggregation.Last => last,
            _ => throw new ArgumentOutOfRangeException(nameof(options)),
        };
        return double.IsNaN(score) ? double.NegativeInfinity : score;
    }

    /// <summary>r_t = (1 − λ)·ℓ0 + λ·ℓp, a zero-weighted term left out.</summary>
    public static double Reward(double withoutPreference, double withPreference, double lambda)
    {
        var r = (lambda == 1 ? 0 : (1 - lambda) * withoutPreference) + (lambda == 0 ? 0 : lambda * withPreference);
        return double.IsNaN(r) ? double.NegativeInfinity : r;
    }

    /// <summary>Per-token rewards r_t (no discount), for heatmaps and the score verb.</summary>
    public static double[] TokenRewards(ReadOnlySpan<float> withoutPreference, ReadOnlySpan<float> withPreference, double lambda)
    {
        var r = new double[withoutPreference.Length];
        for (var t = 0; t < r.Length; t++) r[t] = Reward(withoutPreference[t], withPreference[t], lambda);
        return r;
    }
}
