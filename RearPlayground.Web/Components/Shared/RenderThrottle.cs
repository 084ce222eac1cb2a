namespace RearPlayground.Web.Components.Shared;

/// <summary>
/// Coalesces redraw requests: however many events (or download progress reports) arrive, <c>flush</c> runs at most
/// once per <see cref="Interval"/>, and always once after the last request: the one redraw throttle of the pages. A request made while a flush is due is merged into it. Thread-safe.
/// </summary>
public sealed class RenderThrottle : IDisposable
{
    /// <summary>About 20 redraws a second: smooth to watch, cheap over a Blazor Server circuit.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(50);

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly Func<Task> _flush;
    private readonly ITimer _timer;
    private long? _lastFlush;
    private bool _due;
    private bool _disposed;

    public RenderThrottle(Func<Task> flush, TimeProvider? time = null, TimeSpan? interval = null)
    {
        _flush = flush;
        _time = time ?? TimeProvider.System;
        Interval = interval ?? DefaultInterval;
        _timer = _time.CreateTimer(_ => _ = FireAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public TimeSpan Interval { get; }

    public void Request()
    {
        lock (_gate)
        {
            if (_disposed || _due) return;
            _due = true;
            var wait = _lastFlush is { } last ? Interval - _time.GetElapsedTime(last) : TimeSpan.Zero;
            _timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task FireAsync()
    {
        lock (_gate)
        {
            if (_disposed || !_due) return;
            // Cleared before flushing: what arrives during the flush schedules the next one.
            _due = false;
            _lastFlush = _time.GetTimestamp();
        }
        await _flush();
    }

    public void Dispose()
    {
        lock (_gate) _disposed = true;
        _timer.Dispose();
    }
}
