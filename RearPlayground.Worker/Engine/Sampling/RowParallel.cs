namespace RearPlayground.Worker.Engine.Sampling;

/// <summary>
/// Runs per-row work (sampling, log-softmax) on all cores between model calls, when rows are many and wide
/// enough to pay for the hand-off. Each worker owns its scratch; rows are independent, so results do not
/// depend on the split.
/// </summary>
/// <remarks>
/// Rows go out in small grains claimed as workers come: the calling thread starts at once and the helpers join when the
/// thread pool runs them, so on a busy machine a helper that starts late costs nothing (the caller takes its grains)
/// instead of holding the whole call up, as a fixed split into one share per core did.
/// </remarks>
public sealed class RowParallel<TScratch>(Func<TScratch> createScratch)
{
    private const long MinParallelWork = 64 * 1024; // row count × vocab below this runs inline
    private const int GrainsPerWorker = 8;
    private readonly TScratch[] _scratch = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => createScratch()).ToArray();

    public void For(int rows, int vocab, Action<int, TScratch> body)
    {
        var workers = (long)rows * vocab < MinParallelWork ? 1 : Math.Min(_scratch.Length, rows);
        if (workers <= 1)
        {
            for (var r = 0; r < rows; r++) body(r, _scratch[0]);
            return;
        }
        var run = new Run(rows, Math.Max(1, rows / (workers * GrainsPerWorker)), body);
        for (var w = 1; w < workers; w++)
        {
            var scratch = _scratch[w];
            ThreadPool.UnsafeQueueUserWorkItem(static s => s.Run.Work(s.Scratch, helper: true), (Run: run, Scratch: scratch), preferLocal: false);
        }
        run.Work(_scratch[0], helper: false);
        run.WaitForHelpers();
    }

    private sealed class Run(int rows, int grain, Action<int, TScratch> body)
    {
        private int _next;
        private int _active;
        private Exception? _error;

        public void Work(TScratch scratch, bool helper)
        {
            // A helper counts itself in before it claims: the caller, once the grains are gone, waits for every helper that
            // may still hold one; a helper that comes after that finds nothing to claim and never touches its scratch.
            if (helper) Interlocked.Increment(ref _active);
            try
            {
                int start;
                while ((start = Interlocked.Add(ref _next, grain) - grain) < rows)
                    for (var r = start; r < Math.Min(rows, start + grain); r++) body(r, scratch);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, e, null);
                Interlocked.Exchange(ref _next, rows); // the others stop at their next claim; the caller rethrows after them
            }
            finally
            {
                if (helper) Interlocked.Decrement(ref _active);
            }
        }

        public void WaitForHelpers()
        {
            var spinner = new SpinWait();
            // sleep1Threshold −1: never Sleep(1), which would add a millisecond to a call that waits on a last grain of microseconds.
            while (Volatile.Read(ref _active) > 0) spinner.SpinOnce(sleep1Threshold: -1);
            if (_error is { } e) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
        }
    }
}
