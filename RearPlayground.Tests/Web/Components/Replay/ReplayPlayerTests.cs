using RearPlayground.Web.Components.Pages.Replay;

namespace RearPlayground.Tests.Web.Components.Replay;

/// <summary>Replay's clock: recorded pace, long idle gaps capped, speed, pause, scrub, the end.</summary>
public sealed class ReplayPlayerTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    // Events at 0, 0.1, 0.3 s, then 10 s idle (queue), then 10.5 s: the idle gap plays as 2 s.
    private static ReplayTimeline Timeline() => new([T0, T0.AddSeconds(0.1), T0.AddSeconds(0.3), T0.AddSeconds(10.3), T0.AddSeconds(10.8)]);

    [Fact]
    public void The_timeline_keeps_recorded_gaps_and_caps_long_idle_ones()
    {
        var timeline = Timeline();
        Assert.Equal(5, timeline.Count);
        Assert.Equal(1, timeline.ShortenedGaps);
        Assert.Equal([0.0, 0.1, 0.3, 2.3, 2.8], timeline.Offsets.Select(o => Math.Round(o.TotalSeconds, 3)));
        Assert.Equal(TimeSpan.FromSeconds(2.8), timeline.Total);
        Assert.Equal(0, timeline.CountAt(TimeSpan.FromSeconds(-1)));
        Assert.Equal(1, timeline.CountAt(TimeSpan.Zero));
        Assert.Equal(3, timeline.CountAt(TimeSpan.FromSeconds(0.3)));
        Assert.Equal(3, timeline.CountAt(TimeSpan.FromSeconds(2.29)));
        Assert.Equal(5, timeline.CountAt(TimeSpan.FromHours(1)));
        // A clock that stepped back never makes a negative gap.
        Assert.Equal(TimeSpan.Zero, new ReplayTimeline([T0, T0.AddSeconds(-1)]).Total);
    }

    [Fact]
    public void Playing_hands_out_events_as_their_time_comes_and_ticks_while_playing()
    {
        var time = new ManualTimeProvider();
        var ticks = 0;
        using var player = new ReplayPlayer(Timeline(), time, () => ticks++);

        Assert.False(player.Playing);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, ticks); // no ticks before Play
        player.Play();
        Assert.Equal((0, 1), player.TakeDue()); // the first event plays at once
        time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.True(ticks >= 3);
        Assert.Equal((1, 2), player.TakeDue());
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal((2, 3), player.TakeDue());
        Assert.Equal(3, player.Cursor);
        time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.Equal((3, 3), player.TakeDue()); // 2.2 s: inside the capped idle gap
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((3, 5), player.TakeDue());
        Assert.True(player.AtEnd);
        Assert.False(player.Playing); // it stops itself at the end
        var after = ticks;
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(after, ticks);
        Assert.Equal(TimeSpan.FromSeconds(2.8), player.Position);
    }

    [Fact]
    public void Speed_divides_the_gaps_and_pause_freezes_the_clock()
    {
        var time = new ManualTimeProvider();
        using var player = new ReplayPlayer(Timeline(), time, () => { });
        player.Speed = 10;
        player.Play();
        time.Advance(TimeSpan.FromMilliseconds(30)); // 0.3 s of the recording
        Assert.Equal((0, 3), player.TakeDue());

        player.Pause();
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal((3, 3), player.TakeDue());
        Assert.Equal(TimeSpan.FromSeconds(0.3), player.Position);

        // Changing speed mid-play keeps the position reached so far.
        player.Play();
        time.Advance(TimeSpan.FromMilliseconds(100)); // +1 s at ×10 → 1.3 s
        player.Speed = 1;
        time.Advance(TimeSpan.FromSeconds(1)); // +1 s at ×1 → 2.3 s
        Assert.Equal(TimeSpan.FromSeconds(2.3), player.Position);
        Assert.Equal((3, 4), player.TakeDue());
        Assert.Throws<ArgumentOutOfRangeException>(() => player.Speed = 0);
    }

    [Fact]
    public void Seeking_moves_the_cursor_and_the_clock_and_play_at_the_end_starts_over()
    {
        var time = new ManualTimeProvider();
        using var player = new ReplayPlayer(Timeline(), time, () => { });
        player.Seek(4);
        Assert.Equal(4, player.Cursor);
        Assert.Equal(TimeSpan.FromSeconds(2.3), player.Position);
        player.Seek(99);
        Assert.True(player.AtEnd);

        player.Play();
        Assert.Equal(0, player.Cursor);
        Assert.Equal((0, 1), player.TakeDue());
        player.Seek(2);
        time.Advance(TimeSpan.FromMilliseconds(250)); // 0.1 s + 0.25 s = 0.35 s
        Assert.Equal((2, 3), player.TakeDue());
    }
}
