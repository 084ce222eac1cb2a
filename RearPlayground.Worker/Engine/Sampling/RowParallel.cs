namespace RearPlayground.Worker.Engine.Sampling;

/// <summary>
/// Runs per-row work (sampling, log-softmax) on all cores between model calls, when rows are many and wide
/// enough to pay for the hand-off. Each worker owns its scratch; rows are independent, so results do not
/// depend on the split.
/// </summary>
public sealed class RowParallel<TScratch>(Func<TScratch> createScratch)
{
    private const long MinParallelWork = 64 * 1024; // row count × vocab below this runs inline
    private readonly TScratch[] _scratch = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => createScratch()).ToArray();

    public void For(int rows, int vocab, Action<int, TScratch> body)
    {
        var workers = (long)rows * vocab < MinParallelWork ? 1 : Math.Min(_scratch.Length, rows);
        if (workers <= 1)
        {
            for (var r = 0; r < rows; r++) body(r, _scratch[0]);
            return;
        }
        Parallel.For(0, workers, w =>
        {
            for (var r = w; r < rows; r += workers) body(r, _scratch[w]);
        });
    }
}
