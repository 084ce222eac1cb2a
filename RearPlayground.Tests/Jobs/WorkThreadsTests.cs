using RearPlayground.Worker.Threading;

namespace RearPlayground.Tests.Jobs;

/// <summary>A job's work runs on a dedicated thread, never the pool's; one that finished is reused for the next work.</summary>
public sealed class WorkThreadsTests
{
    [Fact]
    public async Task Work_runs_on_a_dedicated_thread_that_the_next_work_reuses()
    {
        var seen = new List<(int Thread, bool OnPool)>();
        for (var i = 0; i < 10; i++) seen.Add(await OnWhichThreadAsync());

        Assert.All(seen, s => Assert.False(s.OnPool));
        // A finished thread waits for the next work: ten works one after another take far fewer threads (another test's
        // work could take a waiting one in between, not every time).
        Assert.True(seen.Select(s => s.Thread).Distinct().Count() <= 3, string.Join(", ", seen.Select(s => s.Thread)));
    }

    [Fact]
    public async Task Works_at_the_same_time_get_a_thread_each_and_the_caller_its_task_at_once()
    {
        using var release = new ManualResetEventSlim();
        var threads = new int[2];
        var running = Enumerable.Range(0, 2).Select(i => WorkThreads.RunAsync(() =>
        {
            threads[i] = Environment.CurrentManagedThreadId;
            release.Wait(TimeSpan.FromSeconds(30));
        })).ToArray();

        Assert.All(running, t => Assert.False(t.IsCompleted)); // returned while the work still runs
        release.Set();
        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotEqual(threads[0], threads[1]);
    }

    [Fact]
    public async Task An_exception_of_the_work_ends_its_task_and_the_thread_serves_again()
    {
        var failing = WorkThreads.RunAsync(() => throw new OperationCanceledException("stopped"));
        var e = await Assert.ThrowsAsync<OperationCanceledException>(() => failing);
        Assert.Equal("stopped", e.Message);

        var (_, onPool) = await OnWhichThreadAsync();
        Assert.False(onPool);
    }

    private static async Task<(int Thread, bool OnPool)> OnWhichThreadAsync()
    {
        var (thread, onPool) = (0, true);
        await WorkThreads.RunAsync(() => (thread, onPool) = (Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread))
            .WaitAsync(TimeSpan.FromSeconds(30));
        return (thread, onPool);
    }
}
