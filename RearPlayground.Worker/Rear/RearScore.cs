namespace RearPlayground.Worker.Rear;

/// <summary>
/// S_REAR = AGG_t(γ^t · r_t) with r_t = (1 − λ)·ℓ0_t + λ·ℓp_t. Pure arithmetic on stored log-probs,
/// so any λ, γ or aggregation is re-scored without the model.
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
            var r = discount * ((1 - options.Lambda) * withoutPreference[t] + options.Lambda * withPreference[t]);
            sum += r;
            min = Math.Min(min, r);
            last = r;
            discount *= options.Gamma;
        }
        return options.Aggregation switch
        {
            Aggregation.Mean => sum / count,
            Aggregation.Sum => sum,
            Aggregation.Min => min,
            Aggregation.Last => last,
            _ => throw new ArgumentOutOfRangeException(nameof(options)),
        };
    }

    /// <summary>Per-token rewards r_t (no discount), for heatmaps and the score verb.</summary>
    public static double[] TokenRewards(ReadOnlySpan<float> withoutPreference, ReadOnlySpan<float> withPreference, double lambda)
    {
        var r = new double[withoutPreference.Length];
        for (var t = 0; t < r.Length; t++) r[t] = (1 - lambda) * withoutPreference[t] + lambda * withPreference[t];
        return r;
    }
}
