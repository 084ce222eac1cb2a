using RearPlayground.Worker.Rear;

namespace RearPlayground.Web.Calibration;

/// <summary>Agreement <see cref="Agreement"/> holds for λ in (<see cref="From"/>, <see cref="To"/>).</summary>
public readonly record struct Stretch(double From, double To, double Agreement);

/// <summary>
/// Pairwise agreement against λ for one aggregation, γ and EOS rule, found exactly: every pair's steps
/// (<see cref="PairSteps"/>) are sorted once, and one pass over them gives the agreement on each stretch between steps.
/// Runs can be left out of a pass (k-fold) without sorting again.
/// </summary>
public sealed class AgreementSweep
{
    private readonly double[] _initial;        // per run: Σ of its pairs' values on the first stretch
    private readonly int[] _pairs;             // per run: its pair count
    private readonly double[] _x;              // steps, sorted by λ
    private readonly double[] _delta;
    private readonly int[] _run;
    private readonly Dictionary<int, ScoreFunction>[] _functions;   // per run: candidate index → its score function
    private readonly IReadOnlyList<CalibrationRun> _runs;

    public AgreementSweep(IReadOnlyList<CalibrationRun> runs, RearOptions options)
    {
        _runs = runs;
        Options = options;
        _initial = new double[runs.Count];
        _pairs = new int[runs.Count];
        _functions = new Dictionary<int, ScoreFunction>[runs.Count];
        var events = new List<(double X, double Delta, int Run)>();
        for (var r = 0; r < runs.Count; r++)
        {
            var byIndex = runs[r].Candidates.ToDictionary(c => c.Index, c => ScoreFunction.Of(c, options));
            _functions[r] = byIndex;
            foreach (var p in runs[r].Pairs)
            {
                if (!byIndex.TryGetValue(p.Winner, out var w) || !byIndex.TryGetValue(p.Loser, out var l)) continue;
                _pairs[r]++;
                if (w.Pieces is [var pw] && l.Pieces is [var pl]) AddLine(pw.A - pl.A, pw.B - pl.B, r, events);
                else _initial[r] += PairSteps.Into(w, l, events, r);
            }
        }
        // One sort of the steps by λ (keys with an index, far cheaper than sorting tuples through a comparer).
        _x = new double[events.Count];
        var order = new int[events.Count];
        for (var k = 0; k < order.Length; k++) (_x[k], order[k]) = (events[k].X, k);
        Array.Sort(_x, order);
        _delta = new double[order.Length];
        _run = new int[order.Length];
        for (var k = 0; k < order.Length; k++) (_delta[k], _run[k]) = (events[order[k]].Delta, events[order[k]].Run);
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

    /// <summary>The best stretch (ties: the one nearest λ = 20), without keeping the curve: what each fold's fit needs.</summary>
    public Stretch Best(bool[]? include = null)
    {
        Stretch? best = null;
        Walk(include, s =>
        {
            if (best is not { } b || s.Agreement > b.Agreement || (s.Agreement == b.Agreement && Distance(s) < Distance(b))) best = s;
        });
        return best!.Value;
    }

    /// <summary>How far a stretch is from λ = 20 (0 when it holds it).</summary>
    public static double Distance(Stretch s) => Math.Max(0, Math.Max(s.From - LambdaRange.Default, LambdaRange.Default - s.To));

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
        var byIndex = _functions[run];
        var sum = 0.0;
        foreach (var p in _runs[run].Pairs)
            if (byIndex.TryGetValue(p.Winner, out var w) && byIndex.TryGetValue(p.Loser, out var l)) sum += PairSteps.Agreement(w.At(lambda), l.At(lambda));
        return sum;
    }

    public int RunPairs(int run) => _pairs[run];

    // A difference A + B·λ: constant, or one step at its root.
    private void AddLine(double a, double b, int run, List<(double, double, int)> events)
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
        events.Add((root, 1 - 2 * before, run));
    }

    private static double Share(double sum, int total) => total == 0 ? 0 : sum / total;
}
