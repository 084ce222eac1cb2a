using Microsoft.Extensions.Logging.Abstractions;
using RearPlayground.Worker.Jobs;

namespace RearPlayground.Tests.Jobs;

/// <summary>Where a job's work runs: on a dedicated caller's own thread (a Hangfire worker's), else on a thread of its own, never the pool's.</summary>
public sealed class CancelRequestWatchTests
{
    [Fact]
    public async Task On_a_dedicated_thread_without_a_context_the_work_runs_on_that_thread()
    {
        var ran = new TaskCompletionSource<(int Caller, int Worker, bool Pool)>();
        var thread = new Thread(() =>
        {
            var caller = Environment.CurrentManagedThreadId;
            var (worker, pool) = (0, true);
            RunAsync(() => (worker, pool) = (Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread)).GetAwaiter().GetResult();
            ran.SetResult((caller, worker, pool));
        });
        thread.Start();

        var (callerId, workerId, onPool) = await ran.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(callerId, workerId);
        Assert.False(onPool);
    }

    [Fact]
    public async Task On_a_pool_thread_the_work_gets_a_thread_of_its_own_and_the_caller_its_task_at_once()
    {
        using var release = new ManualResetEventSlim();
        var (workerId, onPool) = (0, true);
        var running = await Task.Run(() =>
        {
            var task = RunAsync(() =>
            {
                (workerId, onPool) = (Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread);
                release.Wait(TimeSpan.FromSeconds(30));
            });
            return (task, Environment.CurrentManagedThreadId);
        });

        Assert.False(running.task.IsCompleted); // returned while the work still runs
        release.Set();
        await running.task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotEqual(running.Item2, workerId);
        Assert.False(onPool);
    }

    private static Task RunAsync(Action work) =>
        CancelRequestWatch.RunAsync(work, _ => Task.FromResult(false), new CancellationTokenSource(), TimeSpan.FromMinutes(1),
            NullLogger.Instance, "test");
}
