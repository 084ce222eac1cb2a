namespace RearPlayground.Web.Components.Pages.Runs.Results;

/// <summary>λ from <paramref name="From"/> to <paramref name="To"/>, where the candidate at <paramref name="Position"/> ranks first.</summary>
public sealed record WinnerInterval(double From, double To, int Position);

/// <summary>
/// Which line (or curve) is on top where. Lines a + b·λ (S_REAR under mean, sum and last is linear in λ) get their
/// exact upper envelope; anything else (min, non-finite log-probs) is found on a fine grid refined by bisection.
/// On a tie the earlier position wins, as the ranking's arg-max does; breakpoints themselves are measure zero.
/// </summary>
public static class WinnerIntervals
{
    /// <summary>Grid steps and bisection rounds of <see cref="Numeric"/>.</summary>
    public const int GridSteps = 2000, BisectionRounds = 60;

    // A guard against a pathological winnerAt; real sweeps change winner a handful of times per step at most.
    private const int MaxChangesPerStep = 64;

    /// <summary>
    /// The exact upper envelope of the lines on [lo, hi]. A null line (S = −∞ for every λ, an empty response) never wins
    /// unless every line is null, when the first position wins throughout (as arg-max over all −∞ does).
    /// </summary>
    public static IReadOnlyList<WinnerInterval> Exact(IReadOnlyList<(double A, double B)?> lines, double lo, double hi)
    {
        ArgumentNullException.ThrowIfNull(lines);
        CheckRange(lo, hi);
        var live = Enumerable.Range(0, lines.Count).Where(i => lines[i] is not null).ToArray();
        if (live.Length == 0) return lines.Count == 0 ? [] : [new WinnerInterval(lo, hi, 0)];
        if (live.Any(i => !double.IsFinite(lines[i]!.Value.A) || !double.IsFinite(lines[i]!.Value.B)))
            throw new ArgumentException("lines must have finite coefficients", nameof(lines));

        var result = new List<WinnerInterval>();
        var from = lo;
        var winner = TopRightOf(lines, live, lo);
        while (true)
        {
            var (aw, bw) = lines[winner]!.Value;
            // Only a steeper line can overtake the winner to the right; the first crossing after `from` is the breakpoint.
            var next = double.PositiveInfinity;
            var steeper = live.Where(j => lines[j]!.Value.B > bw).ToArray();
            foreach (var j in steeper)
            {
                var (aj, bj) = lines[j]!.Value;
                var x = (aw - aj) / (bj - bw);
                if (x > from && x < next) next = x;
            }
            if (next >= hi)
            {
                result.Add(new WinnerInterval(from, hi, winner));
                return result;
            }
            result.Add(new WinnerInterval(from, next, winner));
            // The steepest of the lines meeting at the breakpoint is the one above just right of it (always steeper than
            // the old winner, so this loop ends after at most one round per line).
            winner = TopRightOf(lines, live, next);
            from = next;
        }
    }

    /// <summary>
    /// Intervals of <paramref name="winnerAt"/> (the position ranked first at λ) on a grid of <see cref="GridSteps"/>
    /// steps over [lo, hi], each change located by <see cref="BisectionRounds"/> rounds of bisection (several changes
    /// inside one step are found one after the other). A winner that wins and loses again inside one step, never
    /// ranking first at a grid point or a bisection probe, can be missed: the grid is fine enough for a chart.
    /// </summary>
    public static IReadOnlyList<WinnerInterval> Numeric(Func<double, int> winnerAt, double lo, double hi)
    {
        ArgumentNullException.ThrowIfNull(winnerAt);
        CheckRange(lo, hi);
        var result = new List<WinnerInterval>();
        var from = lo;
        var left = lo;
        var current = winnerAt(lo);
        for (var k = 1; k <= GridSteps; k++)
        {
            var right = k == GridSteps ? hi : lo + (hi - lo) * k / GridSteps;
            var there = winnerAt(right);
            // Several changes can fall into one step: find them left to right until the winner is the one at `right`.
            for (var found = 0; there != current && found < MaxChangesPerStep; found++)
            {
                var (a, b) = (left, right);
                for (var r = 0; r < BisectionRounds && b - a > 0; r++)
                {
                    var mid = (a + b) / 2;
                    if (winnerAt(mid) == current) a = mid; else b = mid;
                }
                result.Add(new WinnerInterval(from, b, current));
                (from, left, current) = (b, b, winnerAt(b));
            }
            left = right;
        }
        result.Add(new WinnerInterval(from, hi, current));
        return Merge(result);
    }

    // The line on top just right of x: highest value at x, then steepest, then earliest position.
    private static int TopRightOf(IReadOnlyList<(double A, double B)?> lines, IReadOnlyList<int> live, double x)
    {
        var top = live.Max(i => Value(lines[i]!.Value, x));
        return live.Where(i => Close(Value(lines[i]!.Value, x), top))
            .OrderByDescending(i => lines[i]!.Value.B).ThenBy(i => i).First();
    }

    private static double Value((double A, double B) line, double x) => line.A + line.B * x;

    private static bool Close(double x, double y) => Math.Abs(x - y) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(x), Math.Abs(y)));

    private static List<WinnerInterval> Merge(List<WinnerInterval> intervals)
    {
        var merged = new List<WinnerInterval>();
        foreach (var i in intervals.Where(i => i.To > i.From || intervals.Count == 1))
        {
            if (merged.Count > 0 && merged[^1].Position == i.Position) merged[^1] = merged[^1] with { To = i.To };
            else merged.Add(i);
        }
        return merged;
    }

    private static void CheckRange(double lo, double hi)
    {
        if (!double.IsFinite(lo) || !double.IsFinite(hi) || hi <= lo) throw new ArgumentException("the λ range must be finite and non-empty");
    }
}
