using RearPlayground.Worker.Rear;

namespace RearPlayground.Web.Calibration;

/// <summary>Agreement <see cref="Agreement"/> holds for λ in (<see cref="From"/>, <see cref="To"/>).</summary>
public readonly record struct Stretch(double From, double To, double Agreement);

/// <summary>
/// Pairwise agreement against λ for one aggregation, γ and EOS rule, found exactly: every pair's steps
/// (<see cref="PairSteps"/>) are sorted once, and one pass over them gives the agreement on each stretch between steps.
/// Runs can be left out of a pass (k-fold) without sorting again, and all folds' fits come from one pass.
/// </summary>
public sealed class AgreementSweep
{
    private readonly double[] _initial;        // per run: Σ of its pairs' values on the first stretch
    private readonly int[] _pairs;             // per run: its pair count
    private readonly double[] _x;              // steps, sorted by λ
    private readonly double[] _delta;
    private readonly int[] _run;
    private readonly ScoreFunction[] _functions;   // per candidate of the table
    private readonly PairTable _table;

    public AgreementSweep(IReadOnlyList<CalibrationRun> runs, RearOptions options) : this(PairTable.Of(runs), options) { }

    public AgreementSweep(PairTable table, RearOptions options)
    {
        _table = table;
        Options = options;
        _initial = new double[table.Runs];
        _pairs = new int[table.Runs];
        _functions = new ScoreFunction[table.Candidates.Length];
        for (var c = 0; c < _functions.Length; c++) _functions[c] = ScoreFunction.Of(table.Candidates[c], options);
        var events = new StepEvents(table.Pairs);
        for (var r = 0; r < table.Runs; r++)
        {
            _pairs[r] = table.RunStart[r + 1] - table.RunStart[r];
            for (var p = table.RunStart[r]; p < table.RunStart[r + 1]; p++)
            {
                var (w, l) = (_functions[table.Winner[p]], _functions[table.Loser[p]]);
                if (w.Pieces is [var pw] && l.Pieces is [var pl]) AddLine(pw.A - pl.A, pw.B - pl.B, r, events);
                else _initial[r] += PairSteps.Into(w, l, events, r);
            }
        }
        (_x, _delta, _run) = events.Sorted();
    }

    public RearOptions Options { get; }

    /// <summary>Pairs judged on candidates the runs have (those where <paramref name="include"/>[run], when given).</summary>
    public int Pairs(bool[]? include = null)
    {
        var total = 0;
        for (var r = 0; r < _pairs.Length; r++) if (include?[r] ?? true) total += _pairs[r];
        return total;
    }

    /// <summary>Agreement on each stretch of [Low, High], neighbours with the same value merged; runs where <paramref name="include"/> is false left out.</summary>
    public List<Stretch> Curve(bool[]? include = null)
    {
        var curve = new List<Stretch>();
        Walk(include, s => curve.Add(s));
        return curve;
    }

    /// <summary>The best stretch (ties: the one nearest λ = 20), without keeping the curve.</summary>
    public Stretch Best(bool[]? include = null)
    {
        Stretch? best = null;
        Walk(include, s => best = Better(best, s));
        return best!.Value;
    }

    /// <summary>
    /// For each fold f of <paramref name="fold"/> (run → fold), <see cref="Best"/> of the runs outside f, all in one pass:
    /// each fold's running sum is the total less that fold's share. Sums of halves are exact, so each equals its own pass.
    /// </summary>
    public Stretch[] BestLeavingOut(int[] fold, int folds)
    {
        var total = new int[folds];
        var sum = new double[folds];
        var from = new double[folds];
        var best = new Stretch?[folds];
        var change = new double[folds];
        int allPairs = 0;
        var allSum = 0.0;
        for (var r = 0; r < _pairs.Length; r++)
        {
            (total[fold[r]], sum[fold[r]]) = (total[fold[r]] + _pairs[r], sum[fold[r]] + _initial[r]);
            (allPairs, allSum) = (allPairs + _pairs[r], allSum + _initial[r]);
        }
        // From here on total[f] and sum[f] are those of the runs outside f.
        for (var f = 0; f < folds; f++) (total[f], sum[f], from[f]) = (allPairs - total[f], allSum - sum[f], LambdaRange.Low);
        for (var k = 0; k < _x.Length;)
        {
            var x = _x[k];
            var all = 0.0;
            Array.Clear(change);
            for (; k < _x.Length && _x[k] == x; k++)
            {
                all += _delta[k];
                change[fold[_run[k]]] += _delta[k];
            }
            for (var f = 0; f < folds; f++)
            {
                var outside = all - change[f];
                if (outside == 0) continue;
                if (x > from[f]) best[f] = Better(best[f], new Stretch(from[f], x, Share(sum[f], total[f])));
                (sum[f], from[f]) = (sum[f] + outside, x);
            }
        }
        var result = new Stretch[folds];
        for (var f = 0; f < folds; f++) result[f] = Better(best[f], new Stretch(from[f], LambdaRange.High, Share(sum[f], total[f])))!.Value;
        return result;
    }

    /// <summary>How far a stretch is from λ = 20 (0 when it holds it).</summary>
    public static double Distance(Stretch s) => Math.Max(0, Math.Max(s.From - LambdaRange.Default, LambdaRange.Default - s.To));

    // The higher agreement; of equals, the first nearest λ = 20.
    private static Stretch? Better(Stretch? best, Stretch s) =>
        best is not { } b || s.Agreement > b.Agreement || (s.Agreement == b.Agreement && Distance(s) < Distance(b)) ? s : best;

    private void Walk(bool[]? include, Action<Stretch> visit)
    {
        var total = Pairs(include);
        var sum = 0.0;
        for (var r = 0; r < _initial.Length; r++) if (include?[r] ?? true) sum += _initial[r];
        var from = LambdaRange.Low;
        for (var k = 0; k < _x.Length;)
        {
            var x = _x[k];
            var change = 0.0;
            for (; k < _x.Length && _x[k] == x; k++) if (include?[_run[k]] ?? true) change += _delta[k];
            if (change == 0) continue;
            if (x > from) visit(new Stretch(from, x, Share(sum, total)));
            sum += change;
            from = x;
        }
        visit(new Stretch(from, LambdaRange.High, Share(sum, total)));
    }

    /// <summary>Σ agreement of run <paramref name="run"/>'s pairs at λ (evaluated directly, not from the curve).</summary>
    public double RunAgreementAt(int run, double lambda)
    {
        var sum = 0.0;
        for (var p = _table.RunStart[run]; p < _table.RunStart[run + 1]; p++)
            sum += PairSteps.Agreement(_functions[_table.Winner[p]].At(lambda), _functions[_table.Loser[p]].At(lambda));
        return sum;
    }

    public int RunPairs(int run) => _pairs[run];

    // A difference A + B·λ: constant, or one step at its root.
    private void AddLine(double a, double b, int run, StepEvents events)
    {
        var root = b == 0 ? double.NaN : -a / b;
        if (!(root > LambdaRange.Low && root < LambdaRange.High))
        {
            var mid = (LambdaRange.Low + LambdaRange.High) / 2;
            _initial[run] += PairSteps.Agreement(a + b * mid, 0);
            return;
        }
        var before = b > 0 ? 0.0 : 1.0;
        _initial[run] += before;
        events.Add(root, 1 - 2 * before, run);
    }

    private static double Share(double sum, int total) => total == 0 ? 0 : sum / total;
}
