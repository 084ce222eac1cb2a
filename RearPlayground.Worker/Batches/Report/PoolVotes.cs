namespace RearPlayground.Worker.Batches.Report;

/// <summary>Scratch space for one thread's votes: sized once per pool, cleared by the vote itself (no allocation per vote).</summary>
public sealed class VoteBuffers(int groups, int candidates)
{
    internal readonly double[] Tally = new double[Math.Max(groups, 1)];
    internal readonly int[] First = Fill(Math.Max(groups, 1));
    internal readonly int[] Positions = new int[Math.Max(candidates, 1)];

    public bool Fits(int groups, int candidates) => Tally.Length >= groups && Positions.Length >= candidates;

    private static int[] Fill(int n)
    {
        var a = new int[n];
        Array.Fill(a, int.MaxValue);
        return a;
    }
}

/// <summary>
/// Majority and weighted votes over a subset of a judged pool (positions into it). Candidates without an answer do not
/// vote. Majority: the answer group with the most candidates. Weighted (search-and-learn's weighted best-of-N, with S_REAR
/// in place of a PRM): each candidate adds softmax(S_REAR / T) over the subset to its answer; the largest sum wins.
/// The softmax's normaliser is the same for every group, so the pool's weights exp((S − max) / T) give the same winner; when
/// they all underflow to 0 in a subset, the subset's own maximum is used instead.
/// Ties (equal counts or sums) go to the answer whose lowest-index candidate comes first, as Python's Counter.most_common
/// (first seen) does in search-and-learn. The winner is reported as that lowest-index candidate's position; −1 when no
/// candidate of the subset has an answer.
/// </summary>
public static class PoolVotes
{
    public static int Winner(JudgedPool pool, ReadOnlySpan<int> subset, bool weighted, VoteBuffers buffers)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(buffers);
        var winner = Tally(pool.Group, weighted ? pool.Weights : null, subset, buffers);
        if (weighted && winner >= 0 && buffers.Tally[pool.Group[winner]] == 0)
        {
            // Every weight underflowed: re-weigh against the subset's best score (the softmax over the subset itself).
            Clear(pool.Group, subset, buffers);
            winner = Tally(pool.Group, Reweighed(pool, subset, buffers), subset, buffers);
        }
        Clear(pool.Group, subset, buffers);
        return winner;
    }

    // Counts (weight 1) or sums weights per group; keeps the best group as it goes: a group's (tally, −first) only grows,
    // so comparing it with the best after each of its updates ends on the maximum.
    private static int Tally(int[] group, double[]? weights, ReadOnlySpan<int> subset, VoteBuffers b)
    {
        int best = -1;
        foreach (var p in subset)
        {
            var g = group[p];
            if (g < 0) continue;
            b.Tally[g] += weights is null ? 1 : weights[p];
            if (p < b.First[g]) b.First[g] = p;
            if (best < 0 || b.Tally[g] > b.Tally[best] || (b.Tally[g] == b.Tally[best] && b.First[g] < b.First[best])) best = g;
        }
        return best < 0 ? -1 : b.First[best];
    }

    private static void Clear(int[] group, ReadOnlySpan<int> subset, VoteBuffers b)
    {
        foreach (var p in subset)
            if (group[p] >= 0) { b.Tally[group[p]] = 0; b.First[group[p]] = int.MaxValue; }
    }

    // Rare path (score gaps beyond ~700·T): weights relative to the subset's best finite score; all 1 when none is finite.
    private static double[] Reweighed(JudgedPool pool, ReadOnlySpan<int> subset, VoteBuffers b)
    {
        var scores = pool.Scores[Selection.PoolSelectors.RearName];
        var max = double.NegativeInfinity;
        foreach (var p in subset) if (double.IsFinite(scores[p]) && scores[p] > max) max = scores[p];
        var temperature = pool.Temperature;
        var weights = new double[pool.Count];
        foreach (var p in subset)
            weights[p] = double.IsNegativeInfinity(max) ? 1 : double.IsFinite(scores[p]) ? Math.Exp((scores[p] - max) / temperature) : 0;
        return weights;
    }
}
