using RearPlayground.Worker.Rear;

namespace RearPlayground.Web.Calibration;

/// <summary>
/// The runs' usable pairs, resolved once for every (aggregation, γ) sweep: the candidates in one flat array, each pair
/// as two positions into it, each run's pairs a range. A pair naming a candidate its run lacks is left out.
/// </summary>
public sealed class PairTable
{
    private PairTable(IRankable[] candidates, int[] winner, int[] loser, int[] runStart) =>
        (Candidates, Winner, Loser, RunStart) = (candidates, winner, loser, runStart);

    public IRankable[] Candidates { get; }
    public int[] Winner { get; }
    public int[] Loser { get; }
    /// <summary>Run r's pairs are [RunStart[r], RunStart[r + 1]).</summary>
    public int[] RunStart { get; }
    public int Runs => RunStart.Length - 1;
    public int Pairs => Winner.Length;

    public static PairTable Of(IReadOnlyList<CalibrationRun> runs)
    {
        var candidates = new List<IRankable>();
        var (winner, loser) = (new List<int>(), new List<int>());
        var runStart = new int[runs.Count + 1];
        for (var r = 0; r < runs.Count; r++)
        {
            var offset = candidates.Count;
            var position = new Dictionary<int, int>(runs[r].Candidates.Count);
            foreach (var c in runs[r].Candidates)
            {
                position.Add(c.Index, candidates.Count - offset); // two candidates with one index: refused, as before
                candidates.Add(c);
            }
            foreach (var p in runs[r].Pairs)
            {
                if (!position.TryGetValue(p.Winner, out var w) || !position.TryGetValue(p.Loser, out var l)) continue;
                winner.Add(offset + w);
                loser.Add(offset + l);
            }
            runStart[r + 1] = winner.Count;
        }
        return new PairTable([.. candidates], [.. winner], [.. loser], runStart);
    }
}
