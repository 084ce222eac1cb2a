namespace RearPlayground.Worker.Batches.Report;

/// <summary>
/// Scratch space for one thread's votes, sized once per pool. A group's tallies are reset lazily the first time a vote
/// touches it (a stamp per group), so a vote costs one pass over its subset and allocates nothing.
/// </summary>
public sealed class VoteBuffers(int groups, int candidates)
{
    internal readonly int[] Count = new int[Math.Max(groups, 1)];
    internal readonly double[] Sum = new double[Math.Max(groups, 1)];
    internal readonly int[] First = new int[Math.Max(groups, 1)];
    internal readonly int[] Stamp = new int[Math.Max(groups, 1)];
    internal readonly int[] Positions = new int[Math.Max(candidates, 1)];
    private int _generation;

    internal int NextGeneration()
    {
        if (_generation == int.MaxValue) { Array.Clear(Stamp); _generation = 0; }
        return ++_generation;
    }
}

/// <summary>
/// Majority and weighted votes over a subset of a judged pool (positions into it). Candidates without an answer do not
/// vote. Majority: the answer group with the most candidates. Weighted (search-and-learn's weighted best-of-N, with S_REAR
/// in place of a PRM): each candidate adds softmax(S_REAR / T) over the subset to its answer; the largest sum wins.
/// The softmax's normaliser is the same for every group, so the pool's weights exp((S − max) / T) give the same winner; when
/// they all underflow to 0 in a subset, the subset's own maximum is used instead.
/// Ties (equal counts or sums) go to the answer whose lowest-index candidate comes first, as Python's Counter.most_common
/// (first seen) does in search-and-learn. A winner is reported as that lowest-index candidate's position; −1 when no
/// candidate of the subset has an answer.
/// </summary>
public static class PoolVotes
{
    public static int Winner(JudgedPool pool, ReadOnlySpan<int> subset, bool weighted, VoteBuffers buffers)
    {
        var (majority, weightedWinner) = Winners(pool, subset, buffers);
        return weighted ? weightedWinner : majority;
    }

    /// <summary>Both votes in one pass over the subset.</summary>
    public static (int Majority, int Weighted) Winners(JudgedPool pool, ReadOnlySpan<int> subset, VoteBuffers buffers)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(buffers);
        var group = pool.Group;
        var weights = pool.Weights;
        int[] count = buffers.Count, first = buffers.First, stamp = buffers.Stamp;
        var sum = buffers.Sum;
        var generation = buffers.NextGeneration();
        int byCount = -1, bySum = -1;
        // A group's (tally, −first) only grows, so comparing it with the best after each of its updates ends on the maximum.
        foreach (var p in subset)
        {
            var g = group[p];
            if (g < 0) continue;
            if (stamp[g] != generation) { stamp[g] = generation; count[g] = 0; sum[g] = 0; first[g] = p; }
            else if (p < first[g]) first[g] = p;
            count[g]++;
            sum[g] += weights[p];
            if (byCount < 0 || count[g] > count[byCount] || (count[g] == count[byCount] && first[g] < first[byCount])) byCount = g;
            if (bySum < 0 || sum[g] > sum[bySum] || (sum[g] == sum[bySum] && first[g] < first[bySum])) bySum = g;
        }
        if (byCount < 0) return (-1, -1);
        var weighted = sum[bySum] > 0 ? first[bySum] : Reweighed(pool, subset, buffers);
        return (first[byCount], weighted);
    }

    // Rare path (score gaps beyond ~700·T): weights relative to the subset's best finite score; all 1 when none is finite.
    private static int Reweighed(JudgedPool pool, ReadOnlySpan<int> subset, VoteBuffers b)
    {
        var scores = pool.Scores[Selection.PoolSelectors.RearName];
        var max = double.NegativeInfinity;
        foreach (var p in subset) if (double.IsFinite(scores[p]) && scores[p] > max) max = scores[p];
        var generation = b.NextGeneration();
        var best = -1;
        foreach (var p in subset)
        {
            var g = pool.Group[p];
            if (g < 0) continue;
            if (b.Stamp[g] != generation) { b.Stamp[g] = generation; b.Sum[g] = 0; b.First[g] = p; }
            else if (p < b.First[g]) b.First[g] = p;
            b.Sum[g] += double.IsNegativeInfinity(max) ? 1 : double.IsFinite(scores[p]) ? Math.Exp((scores[p] - max) / pool.Temperature) : 0;
            if (best < 0 || b.Sum[g] > b.Sum[best] || (b.Sum[g] == b.Sum[best] && b.First[g] < b.First[best])) best = g;
        }
        return b.First[best];
    }
}
