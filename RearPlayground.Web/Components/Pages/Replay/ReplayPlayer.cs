namespace RearPlayground.Web.Components.Pages.Replay;

/// <summary>
/// Plays a <see cref="ReplayTimeline"/>: a clock that runs at <see cref="Speed"/> while playing, and a cursor over the
/// events. While playing it calls <c>tick</c> every <see cref="TickInterval"/>; the page then applies
/// <see cref="TakeDue"/>'s events and redraws. It pauses itself after the last event. The clock is a
/// <see cref="TimeProvider"/>, so tests drive it by hand. Not thread-safe: the page calls it on its renderer.
/// The cursor may move back (scrub, step back, play again): <see cref="ReplayView"/> rebuilds the view then.
/// </summary>
public sealed class ReplayPlayer : IDisposable
{
    // Runs often last well under a second: ×0.1 and ×0.25 make one watchable.
    public static readonly double[] Speeds = [0.1, 0.25, 1, 2, 5, 10, 20];
    public static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(50);

    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private TimeSpan _base;        // position when the clock last (re)started or stopped
    private long _startedAt;       // timestamp of that moment
    private double _speed = 1;

    public ReplayPlayer(ReplayTimeline timeline, TimeProvider time, Action tick)
    {
        Timeline = timeline;
        _time = time;
        _timer = time.CreateTimer(_ => tick(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public ReplayTimeline Timeline { get; }
    public bool Playing { get; private set; }
    /// <summary>How many events the view has been given: the events before this index.</summary>
    public int Cursor { get; private set; }
    public bool AtEnd => Cursor >= Timeline.Count;

    public double Speed
    {
        get => _speed;
        set
        {
            if (!(value > 0) || double.IsInfinity(value)) throw new ArgumentOutOfRangeException(nameof(value), "the speed must be a positive number");
            Rebase();
            _speed = value;
        }
    }

    /// <summary>Where the replay is on the timeline (recorded time, not wall time), never past its end.</summary>
    public TimeSpan Position
    {
        get
        {
            var p = Playing ? _base + _time.GetElapsedTime(_startedAt) * _speed : _base;
            return p > Timeline.Total ? Timeline.Total : p;
        }
    }

    public void Play()
    {
        if (Playing) return;
        // Play at the end starts over; the page rebuilds its state when Cursor goes back to 0.
        if (AtEnd) Seek(0);
        Playing = true;
        _startedAt = _time.GetTimestamp();
        _timer.Change(TickInterval, TickInterval);
    }

    public void Pause()
    {
        if (!Playing) return;
        _base = Position;
        Playing = false;
        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Toggle()
    {
        if (Playing) Pause();
        else Play();
    }

    /// <summary>
    /// Moves to just after the first <paramref name="count"/> events (scrubbing): the page rebuilds its state from
    /// events [0, count). Keeps playing if it was.
    /// </summary>
    public void Seek(int count)
    {
        Cursor = Math.Clamp(count, 0, Timeline.Count);
        _base = Cursor == 0 ? TimeSpan.Zero : Timeline.OffsetOf(Cursor - 1);
        _startedAt = _time.GetTimestamp();
    }

    /// <summary>
    /// One event forward (<paramref name="delta"/> = 1) or back (−1): pauses, then moves the cursor and the clock to
    /// just after that event, so play resumes from there. Stops at either end.
    /// </summary>
    public void Step(int delta)
    {
        Pause();
        Seek(Cursor + delta);
    }

    /// <summary>The events now due, as the index range [From, To); advances the cursor and pauses at the end.</summary>
    public (int From, int To) TakeDue()
    {
        var from = Cursor;
        var to = Math.Max(from, Timeline.CountAt(Position));
        Cursor = to;
        if (AtEnd && Playing) Pause();
        return (from, to);
    }

    private void Rebase()
    {
        _base = Position;
        _startedAt = _time.GetTimestamp();
    }

    public void Dispose() => _timer.Dispose();
}
