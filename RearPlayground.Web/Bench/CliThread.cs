using System.Collections.Concurrent;
using RearPlayground.Worker.Threading;

namespace RearPlayground.Web.Bench;

/// <summary>
/// The CLI side's one thread: the <c>run</c> verb makes every model call on its main thread, for the process's life, and
/// the job on a reused dedicated thread, so the bench's CLI side does too rather than run on whichever pool thread an
/// await left it on.
/// </summary>
internal sealed class CliThread : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();
    private readonly Thread _thread;

    /// <param name="cpus">The CPUs it is pinned to, the same as the job's searches; null leaves it unpinned.</param>
    public CliThread(IReadOnlyList<int>? cpus)
    {
        var pinned = new TaskCompletionSource<bool>();
        _thread = new Thread(() =>
        {
            pinned.SetResult(cpus is null || CpuAffinity.TryPinCurrentThread(cpus));
            foreach (var work in _work.GetConsumingEnumerable()) work();
        }) { IsBackground = true, Name = "bench-cli" };
        _thread.Start();
        if (!pinned.Task.GetAwaiter().GetResult())
        {
            Dispose();
            throw new InvalidOperationException($"cannot pin a thread to CPU {string.Join(",", cpus!)} here: try --cpu none");
        }
    }

    public Task<T> RunAsync<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try { done.SetResult(work()); }
            catch (Exception e) { done.SetException(e); }
        });
        return done.Task;
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        _thread.Join();
        _work.Dispose();
    }
}
