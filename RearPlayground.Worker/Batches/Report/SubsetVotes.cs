using RearPlayground.Worker.Engine.Sampling;

namespace RearPlayground.Worker.Batches.Report;

/// <summary>
/// The expected correctness of a vote over uniformly random n-subsets of one pool: exact (every subset) when there are no
/// more than <see cref="CurveOptions.Subsets"/> of them, else the mean over that many sampled ones. The sampling loop reuses
/// one permutation array (a partial Fisher–Yates shuffle leaves it a permutation) and the thread's vote buffers, so it
/// allocates nothing.
/// </summary>
public static class SubsetVotes
{
    /// <summary>The expected correctness of the majority and of the weighted vote, on the same subsets.</summary>
    public static (double Majority, double Weighted) Expected(JudgedPool pool, int n, CurveOptions options, int item, VoteBuffers buffers)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(buffers);
        var total = pool.Count;
        n = Math.Clamp(n, 1, total);
        var positions = buffers.Positions.AsSpan(0, total);
        return Combinations(total, n) <= options.Subsets
            ? Enumerate(pool, n, buffers, positions)
            : Sample(pool, n, options, item, buffers, positions);
    }

    /// <summary>C(total, n), saturating at long.MaxValue.</summary>
    public static long Combinations(int total, int n)
    {
        if (n < 0 || n > total) return 0;
        n = Math.Min(n, total - n);
        long c = 1;
        for (var i = 1; i <= n; i++)
        {
            var next = (Int128)c * (total - n + i) / i;
            if (next > long.MaxValue) return long.MaxValue;
            c = (long)next;
        }
        return c;
    }

    private static (double, double) Sample(JudgedPool pool, int n, CurveOptions options, int item, VoteBuffers buffers, Span<int> positions)
    {
        var total = positions.Length;
        for (var i = 0; i < total; i++) positions[i] = i;
        var random = SeededRandom.ForCandidate(options.Seed ^ ((long)n << 40), item);
        var correct = pool.Correct;
        int majority = 0, weighted = 0;
        for (var s = 0; s < options.Subsets; s++)
        {
            for (var k = 0; k < n; k++)
            {
                // Lemire's multiply-shift instead of a 64-bit modulo: the high word of x · range is uniform in [0, range).
                var j = k + (int)Math.BigMul(random.NextUInt64(), (ulong)(total - k), out _);
                (positions[k], positions[j]) = (positions[j], positions[k]);
            }
            var (m, w) = PoolVotes.Winners(pool, positions[..n], buffers);
            if (m >= 0 && correct[m]) majority++;
            if (w >= 0 && correct[w]) weighted++;
        }
        return (majority / (double)options.Subsets, weighted / (double)options.Subsets);
    }

    // Lexicographic n-combinations of 0 … total − 1.
    private static (double, double) Enumerate(JudgedPool pool, int n, VoteBuffers buffers, Span<int> subset)
    {
        var total = subset.Length;
        var c = subset[..n];
        for (var i = 0; i < n; i++) c[i] = i;
        long majority = 0, weighted = 0, count = 0;
        while (true)
        {
            var (m, w) = PoolVotes.Winners(pool, c, buffers);
            if (m >= 0 && pool.Correct[m]) majority++;
            if (w >= 0 && pool.Correct[w]) weighted++;
            count++;
            var k = n - 1;
            while (k >= 0 && c[k] == total - n + k) k--;
            if (k < 0) break;
            c[k]++;
            for (var j = k + 1; j < n; j++) c[j] = c[j - 1] + 1;
        }
        return (majority / (double)count, weighted / (double)count);
    }
}
