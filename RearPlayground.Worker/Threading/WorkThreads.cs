using System.Collections.Concurrent;

namespace RearPlayground.Worker.Threading;

/// <summary>
/// Dedicated threads for a job's model work (minutes of CPU/GPU: never the pool's threads), kept for the next job:
/// starting a thread for every run cost ~1 ms on the run's path on this 2-core VM, handing work to a waiting one a
/// wake-up. A thread idle for <see cref="IdleTimeout"/> ends; concurrent jobs get a thread each.
/// </summary>
internal static class WorkThreads
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(1);

    private static readonly ConcurrentStack<WorkThread> Idle = new();
    private static IReadOnlyList<int>? _cpus;

    /// <summary>The CPUs the work runs on ("Rear:SearchCpus"); null: wherever the scheduler puts it.</summary>
    public static IReadOnlyList<int>? Cpus
    {
        get => Volatile.Read(ref _cpus);
        set => Volatile.Write(ref _cpus, value);
    }

    /// <summary>Runs <paramref name="work"/> on a dedicated thread; the task ends as it does (its exception included).</summary>
    public static Task RunAsync(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var item = new WorkItem(work);
        while (Idle.TryPop(out var idle))
            if (idle.TryGive(item)) return item.Done.Task;
        new WorkThread(item).Start();
        return item.Done.Task;
    }

    private sealed record WorkItem(Action Work)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class WorkThread(WorkItem first)
    {
        private readonly object _gate = new(); // Monitor.Wait/Pulse: a plain object, not System.Threading.Lock
        private WorkItem? _next = first;
        private bool _ended;
        private IReadOnlyList<int>? _pinned;

        public void Start() => new Thread(Loop) { IsBackground = true, Name = "rear-work" }.Start();

        // False when the thread has ended (idle too long): the caller takes another.
        public bool TryGive(WorkItem item)
        {
            lock (_gate)
            {
                if (_ended) return false;
                _next = item;
                Monitor.Pulse(_gate);
                return true;
            }
        }

        private void Loop()
        {
            while (Take() is { } item)
            {
                // Per item, not per thread: a changed setting reaches threads already waiting.
                if (!ReferenceEquals(Cpus, _pinned)) CpuAffinity.TryPinCurrentThread(_pinned = Cpus);
                Exception? failure = null;
                try { item.Work(); }
                catch (Exception e) { failure = e; }
                // Idle before the caller hears of the end: work it hands over next finds this thread waiting.
                Idle.Push(this);
                if (failure is null) item.Done.SetResult();
                else item.Done.SetException(failure);
            }
        }

        private WorkItem? Take()
        {
            lock (_gate)
            {
                while (_next is null)
                {
                    if (Monitor.Wait(_gate, IdleTimeout) || _next is not null) continue;
                    _ended = true;
                    return null;
                }
                var item = _next;
                _next = null;
                return item;
            }
        }
    }
}
