using RearPlayground.Tests.Web.Components.RunView;
using RearPlayground.Web.Components.Pages.Replay;
using RearPlayground.Web.Components.Shared.RunView;

namespace RearPlayground.Tests.Web.Components.Replay;

/// <summary>Replay's clock: recorded pace, long idle gaps capped, speed, pause, scrub, one-event steps, the end.</summary>
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

    [Fact]
    public void Slow_speeds_stretch_a_run_of_a_fraction_of_a_second()
    {
        Assert.Equal([0.1, 0.25, 1, 2, 5, 10, 20], ReplayPlayer.Speeds);
        var time = new ManualTimeProvider();
        using var player = new ReplayPlayer(Timeline(), time, () => { });
        player.Speed = 0.1;
        player.Play();
        Assert.Equal((0, 1), player.TakeDue());
        time.Advance(TimeSpan.FromMilliseconds(900)); // 0.09 s of the recording: the event at 0.1 s is not due yet
        Assert.Equal((1, 1), player.TakeDue());
        time.Advance(TimeSpan.FromMilliseconds(100)); // 1 s at ×0.1 → 0.1 s
        Assert.Equal((1, 2), player.TakeDue());
        Assert.Equal(TimeSpan.FromSeconds(0.1), player.Position);

        player.Speed = 0.25;
        time.Advance(TimeSpan.FromMilliseconds(799)); // +0.19975 s → 0.29975 s
        Assert.Equal((2, 2), player.TakeDue());
        time.Advance(TimeSpan.FromMilliseconds(1)); // 0.3 s
        Assert.Equal((2, 3), player.TakeDue());
    }

    [Fact]
    public void Steps_move_one_event_pause_and_stop_at_either_end()
    {
        var time = new ManualTimeProvider();
        using var player = new ReplayPlayer(Timeline(), time, () => { });
        player.Step(-1);
        Assert.Equal(0, player.Cursor); // nothing before the first event

        player.Step(1);
        Assert.Equal(1, player.Cursor);
        Assert.Equal(TimeSpan.Zero, player.Position);
        player.Step(1);
        player.Step(1);
        Assert.Equal(3, player.Cursor);
        Assert.Equal(TimeSpan.FromSeconds(0.3), player.Position); // the clock is at the event just shown
        player.Step(-1);
        Assert.Equal(2, player.Cursor);
        Assert.Equal(TimeSpan.FromSeconds(0.1), player.Position);

        // A step while playing pauses there; play resumes from the step.
        player.Play();
        time.Advance(TimeSpan.FromMilliseconds(250)); // 0.35 s
        Assert.Equal((2, 3), player.TakeDue());
        player.Step(1);
        Assert.False(player.Playing);
        Assert.Equal(4, player.Cursor);
        Assert.Equal(TimeSpan.FromSeconds(2.3), player.Position);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal((4, 4), player.TakeDue());
        player.Play();
        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal((4, 5), player.TakeDue());

        player.Step(1);
        Assert.Equal(5, player.Cursor); // nothing after the last
        Assert.True(player.AtEnd);
        player.Step(-1);
        Assert.Equal(4, player.Cursor);
        Assert.False(player.AtEnd);
    }

    [Fact]
    public void A_step_back_rebuilds_the_view_from_the_first_event()
    {
        var events = RunEvents.BestOfThree(); // 12 events: candidate 1 wins at the last
        var view = new ReplayView(events.Messages);
        var timeline = new ReplayTimeline([.. events.Messages.Select(m => T0.AddMilliseconds(m.Sequence))]);
        using var player = new ReplayPlayer(timeline, new ManualTimeProvider(), () => { });

        player.Seek(events.Messages.Count);
        view.MoveTo(player.Cursor);
        Assert.Equal("succeeded", view.State.Status);
        Assert.Equal("runFinished", view.Last!.Type);

        // One back: the finish is undone, as if the run had been played only that far.
        player.Step(-1);
        view.MoveTo(player.Cursor);
        Assert.Equal(events.Messages.Count - 1, view.Applied);
        AssertSame(Built(events, player.Cursor), view.State);
        Assert.Equal("running", view.State.Status);
        Assert.Null(view.State.Finished);

        // Back to before the texts were rewritten: the cards show the first deltas again.
        while (player.Cursor > 3) player.Step(-1);
        view.MoveTo(player.Cursor);
        AssertSame(Built(events, 3), view.State);
        Assert.Equal(["Tom", "A cat", "Fish"], view.State.Candidates.Select(c => c.Text));

        // And forward again, one event at a time, matches too.
        player.Step(1);
        view.MoveTo(player.Cursor);
        Assert.Equal(4, view.Applied);
        AssertSame(Built(events, 4), view.State);
        player.Step(-1);
        player.Step(-1);
        player.Step(-1);
        player.Step(-1);
        view.MoveTo(player.Cursor);
        Assert.Null(view.Last);
        Assert.Equal("queued", view.State.Status);
        Assert.Empty(view.State.Candidates);
    }

    private static RunViewState Built(RunEvents events, int count)
    {
        var state = new RunViewState();
        foreach (var m in events.Messages.Take(count)) state.Apply(m);
        return state;
    }

    private static void AssertSame(RunViewState expected, RunViewState actual)
    {
        Assert.Equal(expected.LastSequence, actual.LastSequence);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Progress, actual.Progress);
        Assert.Equal(expected.Candidates.Select(c => (c.Index, c.Text, c.Score, c.Finished)), actual.Candidates.Select(c => (c.Index, c.Text, c.Score, c.Finished)));
        Assert.Equal(expected.Nodes.OrderBy(n => n.Id).Select(n => (n.Id, n.Kept, n.OnBestPath)), actual.Nodes.OrderBy(n => n.Id).Select(n => (n.Id, n.Kept, n.OnBestPath)));
    }
}
