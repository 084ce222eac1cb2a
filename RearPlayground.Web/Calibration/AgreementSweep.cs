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
    private readonly ScoreFunction[][] _functions;
    private readonly IReadOnlyList<CalibrationRun> _runs;

    public AgreementSweep(IReadOnlyList<CalibrationRun> runs, RearOptions options)
    {
        _runs = runs;
        Options = options;
        _initial = new double[runs.Count];
        _pairs = new int[runs.Count];
        _functions = new ScoreFunction[runs.Count][];
        var events = new List<(double X, double Delta, int Run)>();
        for (var r = 0; r < runs.Count; r++)
        {
            var byIndex = runs[r].Candidates.ToDictionary(c => c.Index, c => ScoreFunction.Of(c, options));
            _functions[r] = [.. runs[r].Candidates.Select(c => byIndex[c.Index])];
            foreach (var p in runs[r].Pairs)
            {
                if (!byIndex.TryGetValue(p.Winner, out var w) || !byIndex.TryGetValue(p.Loser, out var l)) continue;
                _pairs[r]++;
                if (w.Pieces is [var pw] && l.Pieces is [var pl]) AddLine(pw.A - pl.A, pw.B - pl.B, r, events);
                else
                {
                    var (first, steps) = PairSteps.Of(w, l);
                    _initial[r] += first;
                    var previous = first;
                    foreach (var (x, v) in steps)
                    {
                        events.Add((x, v - previous, r));
                        previous = v;
                    }
                }
            }
        }
        events.Sort((a, b) => a.X.CompareTo(b.X));
        _x = [.. events.Select(e => e.X)];
        _delta = [.. events.Select(e => e.Delta)];
        _run = [.. events.Select(e => e.Run)];
    }

    public RearOptions Options { get; }

    /// <summary>Pairs judged on candidates the runs have.</summary>
    public int Pairs(Func<int, bool>? include = null) => Enumerable.Range(0, _pairs.Length).Where(r => include?.Invoke(r) ?? true).Sum(r => _pairs[r]);

    /// <summary>Agreement on each stretch of [Low, High], neighbours with the same value merged; runs where <paramref name="include"/> is false left out.</summary>
    public List<Stretch> Curve(Func<int, bool>? include = null)
    {
        var total = Pairs(include);
        var sum = 0.0;
        for (var r = 0; r < _initial.Length; r++) if (include?.Invoke(r) ?? true) sum += _initial[r];
        var curve = new List<Stretch>();
        var from = LambdaRange.Low;
        for (var k = 0; k < _x.Length;)
        {
            var x = _x[k];
            var change = 0.0;
            for (; k < _x.Length && _x[k] == x; k++) if (include?.Invoke(_run[k]) ?? true) change += _delta[k];
            if (change == 0) continue;
            if (x > from) curve.Add(new Stretch(from, x, Share(sum, total)));
            sum += change;
            from = x;
        }
        curve.Add(new Stretch(from, LambdaRange.High, Share(sum, total)));
        return curve;
    }

    /// <summary>Σ agreement of run <paramref name="run"/>'s pairs at λ (evaluated directly, not from the curve).</summary>
    public double RunAgreementAt(int run, double lambda)
    {
        var byIndex = _runs[run].Candidates.Select((c, i) => (c.Index, i)).ToDictionary(p => p.Index, p => _functions[run][p.i]);
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
