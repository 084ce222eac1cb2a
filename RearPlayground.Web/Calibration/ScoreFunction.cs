using RearPlayground.Worker.Rear;

namespace RearPlayground.Web.Calibration;

/// <summary>One linear piece of S(λ) = A + B·λ, from <see cref="From"/> to the next piece's start.</summary>
public readonly record struct Piece(double From, double A, double B)
{
    public double At(double lambda) => A + B * lambda;
}

/// <summary>
/// A candidate's S_REAR as a function of λ at a fixed γ, aggregation and EOS rule. Mean, sum and last are one line
/// (S(0) + λ·(S(1) − S(0))); min is the lower envelope of the tokens' lines γ^t·((1 − λ)ℓ0_t + λℓp_t), concave and
/// piecewise linear. <see cref="Regular"/> is false when S is not a finite line (an empty response, a −∞ log-prob):
/// such a candidate is compared through <see cref="Ranker.Score"/> itself, whose value can change only at λ = 0 and 1.
/// </summary>
public sealed class ScoreFunction
{
    private ScoreFunction(IRankable candidate, RearOptions options, Piece[]? pieces) => (Candidate, Options, Pieces) = (candidate, options, pieces);

    public IRankable Candidate { get; }
    public RearOptions Options { get; }
    /// <summary>Pieces in λ order, the first from <see cref="LambdaRange.Low"/>; null when not regular.</summary>
    public Piece[]? Pieces { get; }
    public bool Regular => Pieces is not null;

    public double At(double lambda)
    {
        if (Pieces is null) return Ranker.Score(Candidate, Options with { Lambda = lambda });
        var k = Pieces.Length - 1;
        while (k > 0 && Pieces[k].From > lambda) k--;
        return Pieces[k].At(lambda);
    }

    public static ScoreFunction Of(IRankable candidate, RearOptions options) =>
        new(candidate, options, options.Aggregation == Aggregation.Min ? MinEnvelope(candidate, options) : Line(candidate, options));

    private static Piece[]? Line(IRankable c, RearOptions options)
    {
        var a = Ranker.Score(c, options with { Lambda = 0 });
        var b = Ranker.Score(c, options with { Lambda = 1 }) - a;
        return double.IsFinite(a) && double.IsFinite(b) ? [new Piece(LambdaRange.Low, a, b)] : null;
    }

    /// <summary>The lower envelope of the token lines over the range (the convex-hull trick, lines by falling slope).</summary>
    private static Piece[]? MinEnvelope(IRankable c, RearOptions options)
    {
        var count = c.LogProbsWithout.Length;
        if (c.EndedWithEos && !options.ScoreEos && count > 0) count--;
        if (count == 0) return null;
        var lines = new (double A, double B)[count];
        double discount = 1;
        for (var t = 0; t < count; t++)
        {
            double l0 = c.LogProbsWithout[t], lp = c.LogProbsWith[t];
            if (!double.IsFinite(l0) || !double.IsFinite(lp)) return null;
            // As RearScore: a discount that underflowed weighs the token 0.
            lines[t] = discount == 0 ? (0, 0) : (discount * l0, discount * (lp - l0));
            discount *= options.Gamma;
        }
        // For a minimum, the line ruling far left is the steepest: by slope falling (sorted on keys, no comparer), and of
        // lines with one slope only the lowest counts.
        var keys = new double[count];
        for (var t = 0; t < count; t++) keys[t] = -lines[t].B;
        Array.Sort(keys, lines);
        var hull = new List<Piece>();
        for (var t = 0; t < count; t++)
        {
            var (a, b) = lines[t];
            for (; t + 1 < count && lines[t + 1].B == b; t++) a = Math.Min(a, lines[t + 1].A);
            var from = LambdaRange.Low;
            while (hull.Count > 0)
            {
                var top = hull[^1];
                // Where the new (shallower) line drops below the last one.
                var x = (a - top.A) / (top.B - b);
                if (x <= top.From) { hull.RemoveAt(hull.Count - 1); from = LambdaRange.Low; continue; }
                from = x;
                break;
            }
            if (from >= LambdaRange.High) continue;
            hull.Add(new Piece(hull.Count == 0 ? LambdaRange.Low : from, a, b));
        }
        return [.. hull];
    }
}
