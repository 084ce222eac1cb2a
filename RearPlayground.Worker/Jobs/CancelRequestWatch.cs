using Microsoft.Extensions.Logging;
using RearPlayground.Worker.Threading;

namespace RearPlayground.Worker.Jobs;

/// <summary>
/// Runs a job's work (minutes of CPU/GPU: on a dedicated <see cref="WorkThreads"/> thread, never one of the pool's) while
/// polling its stored CancelRequested flag, which is how a cancel from another process reaches it; a raised flag cancels
/// <paramref name="cancel"/>. Shared by the run and evaluation jobs.
/// </summary>
internal static class CancelRequestWatch
{
    public static async Task RunAsync(Action work, Func<CancellationToken, Task<bool>> isRequested, CancellationTokenSource cancel,
        TimeSpan interval, ILogger logger, string what)
    {
        using var stop = new CancellationTokenSource();
        var watch = WatchAsync(isRequested, cancel, interval, logger, what, stop.Token);
        try
        {
            await WorkThreads.RunAsync(work);
        }
        finally
        {
            await stop.CancelAsync();
            await watch;
        }
    }

    private static async Task WatchAsync(Func<CancellationToken, Task<bool>> isRequested, CancellationTokenSource cancel,
        TimeSpan interval, ILogger logger, string what, CancellationToken stop)
    {
        try
        {
            using var timer = new PeriodicTimer(interval);
            while (await timer.WaitForNextTickAsync(stop))
            {
                if (!await isRequested(stop)) continue;
                await cancel.CancelAsync();
                return;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // Only the cross-process cancel path is lost; in-process cancel and job deletion still work.
            logger.LogWarning(e, "watching {What} for cancel requests failed", what);
        }
    }
}
