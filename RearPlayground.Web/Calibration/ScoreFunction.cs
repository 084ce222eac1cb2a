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

    // S(0) and S(1) − S(0) in one pass, with RearScore's arithmetic term for term (so the line is bit-identical to two Ranker calls).
    private static Piece[]? Line(IRankable c, RearOptions options)
    {
        var count = c.LogProbsWithout.Length;
        if (c.LogProbsWith.Length != count) throw new ArgumentException("ℓ0 and ℓp must cover the same tokens");
        if (c.EndedWithEos && !options.ScoreEos && count > 0) count--;
        if (count == 0) return null;
        double sum0 = 0, min0 = double.PositiveInfinity, last0 = 0, sum1 = 0, min1 = double.PositiveInfinity, last1 = 0, discount = 1;
        for (var t = 0; t < count; t++)
        {
            var r0 = discount == 0 ? 0 : discount * RearScore.Reward(c.LogProbsWithout[t], c.LogProbsWith[t], 0);
            var r1 = discount == 0 ? 0 : discount * RearScore.Reward(c.LogProbsWithout[t], c.LogProbsWith[t], 1);
            (sum0, min0, last0) = (sum0 + r0, Math.Min(min0, r0), r0);
            (sum1, min1, last1) = (sum1 + r1, Math.Min(min1, r1), r1);
            discount *= options.Gamma;
        }
        var a = Aggregate(options.Aggregation, sum0, min0, last0, count);
        var b = Aggregate(options.Aggregation, sum1, min1, last1, count) - a;
        return double.IsFinite(a) && double.IsFinite(b) ? [new Piece(LambdaRange.Low, a, b)] : null;
    }

    private static double Aggregate(Aggregation aggregation, double sum, double min, double last, int count)
    {
        var score = aggregation switch
        {
            Aggregation.Mean => sum / count,
            Aggregation.Sum => sum,
            Aggregation.Min => min,
            Aggregation.Last => last,
            _ => throw new ArgumentOutOfRangeException(nameof(aggregation)),
        };
        return double.IsNaN(score) ? double.NegativeInfinity : score;
    }

    // Per-thread scratch for the token lines and the envelope (the sweeps run in parallel; no allocation per candidate).
    [ThreadStatic] private static double[]? _a, _b;
    [ThreadStatic] private static Piece[]? _hull;
    [ThreadStatic] private static int[]? _active;

    /// <summary>
    /// The lower envelope of the token lines over the range, walked left to right (gift wrapping): start from the line
    /// lowest at Low (of equals, the shallowest, which rules right after); the next piece is the shallower line that
    /// crosses the current one first. O(tokens × pieces) with no sort: the envelope over [Low, High] has few pieces.
    /// </summary>
    private static Piece[]? MinEnvelope(IRankable c, RearOptions options)
    {
        var count = c.LogProbsWithout.Length;
        if (c.EndedWithEos && !options.ScoreEos && count > 0) count--;
        if (count == 0) return null;
        if (_a is null || _a.Length < count) (_a, _b) = (new double[count], new double[count]);
        var (a, b) = (_a, _b!);
        double discount = 1;
        for (var t = 0; t < count; t++)
        {
            double l0 = c.LogProbsWithout[t], lp = c.LogProbsWith[t];
            if (!double.IsFinite(l0) || !double.IsFinite(lp)) return null;
            // As RearScore: a discount that underflowed weighs the token 0.
            (a[t], b[t]) = discount == 0 ? (0, 0) : (discount * l0, discount * (lp - l0));
            discount *= options.Gamma;
        }
        var current = 0;
        for (var t = 1; t < count; t++)
        {
            double vt = a[t] + b[t] * LambdaRange.Low, vc = a[current] + b[current] * LambdaRange.Low;
            if (vt < vc || (vt == vc && b[t] < b[current])) current = t;
        }
        var hull = _hull ??= new Piece[16];
        // Lines still in play: only those shallower than the current piece can follow it, so the list shrinks each piece.
        if (_active is null || _active.Length < count) _active = new int[count];
        var active = _active;
        var live = 0;
        for (var t = 0; t < count; t++) if (b[t] < b[current]) active[live++] = t;
        var pieces = 0;
        var from = LambdaRange.Low;
        while (true)
        {
            if (pieces == hull.Length) Array.Resize(ref _hull, pieces * 2);
            hull = _hull!;
            hull[pieces++] = new Piece(from, a[current], b[current]);
            var (next, at) = (-1, double.PositiveInfinity);
            double ac = a[current], bc = b[current];
            var kept = 0;
            for (var k = 0; k < live; k++)
            {
                var t = active[k];
                if (!(b[t] < bc)) continue;
                active[kept++] = t;
                // Where the shallower line drops below the current one (the formula of the classic hull, operand for operand).
                var x = (a[t] - ac) / (bc - b[t]);
                if (x > from && (x < at || (x == at && b[t] < b[next]))) (next, at) = (t, x);
            }
            live = kept;
            if (next < 0 || at >= LambdaRange.High) break;
            (current, from) = (next, at);
        }
        return hull.AsSpan(0, pieces).ToArray();
    }
}
