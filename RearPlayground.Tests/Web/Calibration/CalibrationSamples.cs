using RearPlayground.Web.Calibration;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Tests.Web.Calibration;

/// <summary>Random pools of candidates (ℓ0 / ℓp per token) and judgments on them.</summary>
public static class CalibrationSamples
{
    public static StoredCandidate Candidate(int index, float[] without, float[] with, bool eos = false) =>
        new(index, $"c{index}", without, with, eos ? "eos" : "length", 0);

    public static StoredCandidate RandomCandidate(Random random, int index, int minTokens = 1, int maxTokens = 12)
    {
        var n = random.Next(minTokens, maxTokens + 1);
        var without = new float[n];
        var with = new float[n];
        for (var t = 0; t < n; t++)
        {
            without[t] = (float)(-random.NextDouble() * 6);
            with[t] = (float)(without[t] + (random.NextDouble() - 0.5) * 2);
        }
        return Candidate(index, without, with, eos: random.Next(2) == 0);
    }

    /// <summary><paramref name="runs"/> runs of <paramref name="candidates"/> random candidates, each judged by a random full ranking.</summary>
    public static List<CalibrationRun> RandomRuns(Random random, int runs, int candidates, int pairsPerRun = 6)
    {
        var result = new List<CalibrationRun>();
        for (var r = 0; r < runs; r++)
        {
            var pool = Enumerable.Range(0, candidates).Select(i => (IRankable)RandomCandidate(random, i)).ToList();
            var pairs = Enumerable.Range(0, pairsPerRun).Select(_ =>
            {
                var w = random.Next(candidates);
                var l = (w + 1 + random.Next(candidates - 1)) % candidates;
                return new PreferencePair(w, l);
            }).ToList();
            result.Add(new CalibrationRun(Guid.NewGuid(), pool, pairs));
        }
        return result;
    }

    /// <summary>The agreement at λ computed the slow way: every pair scored by the Ranker itself.</summary>
    public static double BruteForce(IReadOnlyList<CalibrationRun> runs, RearOptions options)
    {
        double sum = 0;
        var n = 0;
        foreach (var run in runs)
            foreach (var p in run.Pairs)
            {
                var w = Ranker.Score(run.Candidates.First(c => c.Index == p.Winner), options);
                var l = Ranker.Score(run.Candidates.First(c => c.Index == p.Loser), options);
                sum += w > l ? 1 : w == l ? 0.5 : 0;
                n++;
            }
        return sum / n;
    }
}
