using RearPlayground.Worker.Rear;

namespace RearPlayground.Web.Components.Pages.Runs.Results;

/// <summary>Each candidate's S_REAR over a λ range, and which candidate ranks first where.</summary>
/// <param name="Curves">Per candidate (same positions as the input), its (λ, S) points; empty when S = −∞ throughout.</param>
/// <param name="Exact">True when the intervals are the exact envelope of lines, false when found numerically.</param>
public sealed record SweepResult(double From, double To, IReadOnlyList<IReadOnlyList<(double Lambda, double Score)>> Curves,
    IReadOnlyList<WinnerInterval> Intervals, bool Exact);

/// <summary>
/// The λ sweep. S_REAR = AGG_t(γ^t((1 − λ)ℓ0_t + λ ℓp_t)) is linear in λ for mean, sum and last, so a line
/// a + b·λ (a = S(0), b = S(1) − S(0)) per candidate gives the exact winners; min is piecewise linear and concave
/// per candidate, so its winners are found numerically (<see cref="WinnerIntervals.Numeric"/>).
/// </summary>
public static class LambdaSweep
{
    public const double DefaultFrom = -10, DefaultTo = 50;

    /// <summary>Points per curve where the curve is not a line.</summary>
    public const int CurvePoints = 241;

    /// <param name="candidates">In index order (positions are what the intervals name).</param>
    /// <param name="options">γ, aggregation and EOS scoring; λ is ignored.</param>
    public static SweepResult Compute(IReadOnlyList<ResultCandidate> candidates, RearOptions options,
        double from = DefaultFrom, double to = DefaultTo)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(options);
        var lines = options.Aggregation == Aggregation.Min ? null : Lines(candidates, options);
        if (lines is not null)
        {
            var curves = lines.Select(l => l is { } line
                ? (IReadOnlyList<(double, double)>)[(from, line.A + line.B * from), (to, line.A + line.B * to)]
                : []).ToArray();
            return new SweepResult(from, to, curves, WinnerIntervals.Exact(lines, from, to), Exact: true);
        }
        var sampled = candidates.Select(c => Enumerable.Range(0, CurvePoints)
            .Select(k => from + (to - from) * k / (CurvePoints - 1))
            .Select(l => (l, Ranker.Score(c, options with { Lambda = l })))
            .Where(p => double.IsFinite(p.Item2)).ToArray()).ToArray();
        var intervals = WinnerIntervals.Numeric(l => Ranker.Best(candidates, options with { Lambda = l }), from, to);
        return new SweepResult(from, to, sampled, intervals, Exact: false);
    }

    /// <summary>
    /// (a, b) per candidate, null for a candidate that scores −∞ everywhere (no scored token); null overall when some
    /// candidate's S is not a finite line (a −∞ log-prob), which the numeric path handles.
    /// </summary>
    public static (double A, double B)?[]? Lines(IReadOnlyList<ResultCandidate> candidates, RearOptions options)
    {
        var lines = new (double A, double B)?[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i];
            var a = Ranker.Score(c, options with { Lambda = 0 });
            var b = Ranker.Score(c, options with { Lambda = 1 }) - a;
            if (ScoredTokens(c, options) == 0) lines[i] = null;
            else if (double.IsFinite(a) && double.IsFinite(b)) lines[i] = (a, b);
            else return null;
        }
        return lines;
    }

    private static int ScoredTokens(ResultCandidate c, RearOptions options) =>
        c.EndedWithEos && !options.ScoreEos && c.Without.Length > 0 ? c.Without.Length - 1 : c.Without.Length;
}
