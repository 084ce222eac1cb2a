namespace RearPlayground.Web.Calibration;

/// <summary>
/// Whether the scores agree with one human pair, as a step function of λ: 1 where S(winner) &gt; S(loser), 0 where it is
/// lower, ½ where the two are equal over a stretch (identical candidates: a score tie counts half). The steps sit where
/// S(winner) − S(loser) changes sign: between pieces that difference is linear, so each change is its exact root.
/// Isolated points where the two scores just touch are not steps (no λ is fitted on a single point).
/// </summary>
public static class PairSteps
{
    /// <summary>
    /// The value on [Low, first step); each step (λ, change) is added to <paramref name="steps"/>. Two piecewise-linear
    /// scores are walked piece by piece (a merge of their breakpoints, no sorting): on each stretch the difference is one
    /// line, whose sign at the stretch's ends and root tells the values.
    /// </summary>
    public static double Into(ScoreFunction winner, ScoreFunction loser, StepEvents steps, int run)
    {
        if (winner.Pieces is not { } w || loser.Pieces is not { } l)
        {
            var (first, list) = Of(winner, loser);
            var previous = first;
            foreach (var (x, v) in list)
            {
                steps.Add(x, v - previous, run);
                previous = v;
            }
            return first;
        }
        var walk = new Walk(steps, run);
        int i = 0, j = 0;
        var from = LambdaRange.Low;
        while (from < LambdaRange.High)
        {
            var to = Math.Min(i + 1 < w.Length ? w[i + 1].From : LambdaRange.High, j + 1 < l.Length ? l[j + 1].From : LambdaRange.High);
            if (to > from)
            {
                double a = w[i].A - l[j].A, b = w[i].B - l[j].B;
                var root = b == 0 ? double.NaN : -a / b;
                if (root > from && root < to)
                {
                    walk.Value(from, Agreement(a + b * ((from + root) / 2), 0));
                    walk.Value(root, Agreement(a + b * ((root + to) / 2), 0));
                }
                else walk.Value(from, Agreement(a + b * ((from + to) / 2), 0));
            }
            if (i + 1 < w.Length && w[i + 1].From <= to) i++;
            if (j + 1 < l.Length && l[j + 1].From <= to) j++;
            from = to;
        }
        return walk.Start;
    }

    // The value so far along one pair's walk: the first is the start, each change a step (a struct, no closure per pair).
    private struct Walk(StepEvents steps, int run)
    {
        private bool _started;
        private double _current;
        public double Start { get; private set; }

        public void Value(double at, double v)
        {
            if (!_started) (Start, _started) = (v, true);
            else if (v != _current) steps.Add(at, v - _current, run);
            _current = v;
        }
    }

    /// <summary>The value on [Low, first step), then each step's λ and value after it (any two scores, through their values).</summary>
    public static (double First, List<(double Lambda, double Value)> Steps) Of(ScoreFunction winner, ScoreFunction loser)
    {
        var cuts = Cuts(winner, loser);
        var steps = new List<(double, double)>();
        double? previous = null;
        double first = 0;
        for (var k = 0; k + 1 < cuts.Count; k++)
        {
            var mid = (cuts[k] + cuts[k + 1]) / 2;
            var v = Agreement(winner.At(mid), loser.At(mid));
            if (previous is null) first = v;
            else if (v != previous) steps.Add((cuts[k], v));
            previous = v;
        }
        return (first, steps);
    }

    /// <summary>1, ½ or 0 for one comparison (−∞ against −∞ is a tie).</summary>
    public static double Agreement(double winner, double loser) => winner > loser ? 1 : winner == loser ? 0.5 : 0;

    // Range ends, pieces' starts and the roots of the difference on each stretch where both are linear; for a candidate
    // that is not a finite line, λ = 0 and 1, where its infinite terms change sign.
    private static List<double> Cuts(ScoreFunction w, ScoreFunction l)
    {
        var cuts = new List<double> { LambdaRange.Low, LambdaRange.High };
        if (w.Pieces is null || l.Pieces is null)
        {
            cuts.Add(0);
            cuts.Add(1);
        }
        else
        {
            var bounds = new List<double> { LambdaRange.Low, LambdaRange.High };
            foreach (var p in w.Pieces.Skip(1)) bounds.Add(p.From);
            foreach (var p in l.Pieces.Skip(1)) bounds.Add(p.From);
            bounds.Sort();
            cuts.AddRange(bounds);
            for (var k = 0; k + 1 < bounds.Count; k++)
            {
                if (bounds[k + 1] <= bounds[k]) continue;
                var mid = (bounds[k] + bounds[k + 1]) / 2;
                var (pw, pl) = (PieceAt(w.Pieces, mid), PieceAt(l.Pieces, mid));
                var slope = pw.B - pl.B;
                if (slope == 0) continue;
                var root = (pl.A - pw.A) / slope;
                if (root > bounds[k] && root < bounds[k + 1]) cuts.Add(root);
            }
        }
        cuts.RemoveAll(x => x < LambdaRange.Low || x > LambdaRange.High);
        cuts.Sort();
        var distinct = new List<double>(cuts.Count);
        foreach (var x in cuts)
            if (distinct.Count == 0 || x > distinct[^1]) distinct.Add(x);
        return distinct;
    }

    private static Piece PieceAt(Piece[] pieces, double lambda)
    {
        var k = pieces.Length - 1;
        while (k > 0 && pieces[k].From > lambda) k--;
        return pieces[k];
    }
}
