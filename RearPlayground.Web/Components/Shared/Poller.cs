namespace RearPlayground.Web.Components.Shared;

/// <summary>
/// Calls a page's refresh on a fixed interval until it says it is done or the page goes away: the one polling loop of
/// the pages (evaluations, whose progress is a row rather than an event stream; the history's active rows; a GenRM job).
/// Starting while running is a no-op; a disposed poller does not start again.
/// </summary>
public sealed class Poller(TimeSpan interval, TimeProvider? time = null) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public bool Running => !_loop.IsCompleted;

    /// <param name="tick">Refreshes; returns false when there is nothing left to poll for.</param>
    public void Start(Func<CancellationToken, Task<bool>> tick)
    {
        if (Running || _stop.IsCancellationRequested) return;
        _loop = LoopAsync(tick, _stop.Token);
    }

    private async Task LoopAsync(Func<CancellationToken, Task<bool>> tick, CancellationToken ct)
    {
        try
        {
            using var timer = new PeriodicTimer(interval, time ?? TimeProvider.System);
            while (await timer.WaitForNextTickAsync(ct))
                if (!await tick(ct)) return;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
