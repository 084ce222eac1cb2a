namespace RearPlayground.Web.Calibration;

/// <summary>
/// A sweep's steps (λ, change in agreement, run) as parallel arrays: appended unsorted, then sorted by λ once. The sort
/// is a bucket pass over [Low, High] (the bucket is a monotone function of λ) and a small sort inside each bucket:
/// linear on spread-out steps, never worse than one <see cref="Array.Sort{TKey, TValue}(TKey[], TValue[], int, int)"/>.
/// </summary>
public sealed class StepEvents(int capacity)
{
    private double[] _x = new double[Math.Max(16, capacity)];
    private double[] _delta = new double[Math.Max(16, capacity)];
    private int[] _run = new int[Math.Max(16, capacity)];

    public int Count { get; private set; }

    public void Add(double x, double delta, int run)
    {
        if (Count == _x.Length)
        {
            Array.Resize(ref _x, Count * 2);
            Array.Resize(ref _delta, Count * 2);
            Array.Resize(ref _run, Count * 2);
        }
        (_x[Count], _delta[Count], _run[Count]) = (x, delta, run);
        Count++;
    }

    /// <summary>The steps in λ order (equal λ in any order: a sweep sums them).</summary>
    public (double[] X, double[] Delta, int[] Run) Sorted()
    {
        var n = Count;
        var buckets = Math.Max(1, n / 4);
        var scale = buckets / (LambdaRange.High - LambdaRange.Low);
        var bucket = new int[n];
        var start = new int[buckets + 1];
        for (var k = 0; k < n; k++)
        {
            var b = (_x[k] - LambdaRange.Low) * scale;
            bucket[k] = !(b > 0) ? 0 : b >= buckets - 1 ? buckets - 1 : (int)b;
            start[bucket[k] + 1]++;
        }
        for (var b = 0; b < buckets; b++) start[b + 1] += start[b];
        var x = new double[n];
        var order = new int[n];
        var next = start.AsSpan(0, buckets).ToArray();
        for (var k = 0; k < n; k++)
        {
            var p = next[bucket[k]]++;
            (x[p], order[p]) = (_x[k], k);
        }
        for (var b = 0; b < buckets; b++)
        {
            int from = start[b], length = start[b + 1] - from;
            if (length <= 16) InsertionSort(x, order, from, length);
            else Array.Sort(x, order, from, length);
        }
        var delta = new double[n];
        var run = new int[n];
        for (var k = 0; k < n; k++) (delta[k], run[k]) = (_delta[order[k]], _run[order[k]]);
        return (x, delta, run);
    }

    private static void InsertionSort(double[] x, int[] order, int from, int length)
    {
        for (var i = from + 1; i < from + length; i++)
        {
            var (key, item) = (x[i], order[i]);
            var j = i - 1;
            for (; j >= from && x[j] > key; j--) (x[j + 1], order[j + 1]) = (x[j], order[j]);
            (x[j + 1], order[j + 1]) = (key, item);
        }
    }
}
