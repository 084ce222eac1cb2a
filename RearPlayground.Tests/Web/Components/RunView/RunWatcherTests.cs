using Microsoft.Extensions.Logging.Abstractions;
using RearPlayground.Web.Runs;
using RearPlayground.Data.Entities;
using RearPlayground.Tests.Data;
using RearPlayground.Web.Components.Shared.RunView;
using RearPlayground.Web.Live;
using RearPlayground.Worker.Jobs;
using RearPlayground.Worker.Search.Events;
using RearPlayground.Worker.Events;

namespace RearPlayground.Tests.Web.Components.RunView;

/// <summary>
/// Following a run against a real store and broker: a half-done run's backlog then its live events, redraws coalesced,
/// and a run cancelled while queued (no event) ending through the stored status. The clock is driven by hand.
/// </summary>
public sealed class RunWatcherTests : IAsyncLifetime
{
    private TempDatabase _db = null!;
    private RunEventBroker _broker = null!;
    private readonly ManualTimeProvider _time = new();
    private int _redraws;

    public async Task InitializeAsync()
    {
        _db = await TempDatabase.CreateAsync();
        _broker = new RunEventBroker(_db.Store, NullLogger<RunEventBroker>.Instance);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    // As RunJob does: store the event with its rows, then publish it.
    private async Task EmitAsync(Guid runId, EventMapper mapper, SearchEvent e)
    {
        var write = mapper.Map(e, _time.GetUtcNow());
        var sequence = await _db.Store.AppendAsync(runId, write);
        await _broker.PublishAsync(runId, sequence, write.Type, write.PayloadJson);
    }

    // The renderer's dispatcher, here the caller's thread.
    private RunWatcher Watch(Guid runId) => new(runId, _broker, new RunQueries(_db.Store), _time, work => work(),
        () => { Interlocked.Increment(ref _redraws); return Task.CompletedTask; }, NullLogger.Instance);

    private async Task UntilAsync(Func<bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!done())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for {what}");
            _time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task A_half_done_run_shows_its_backlog_then_its_live_events_with_redraws_coalesced()
    {
        var run = await _db.CreateRunAsync();
        var mapper = new EventMapper(run.Id);
        var events = RunEvents.BestOfThree().Events;
        foreach (var e in events.Take(5)) await EmitAsync(run.Id, mapper, e);

        await using var watcher = Watch(run.Id);
        await watcher.StartAsync();
        Assert.False(watcher.CaughtUp);
        _time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(5, watcher.State.LastSequence);
        Assert.True(watcher.CaughtUp);
        Assert.Equal("running", watcher.State.Status);
        Assert.Equal(1, _redraws); // five stored events, one redraw

        foreach (var e in events.Skip(5)) await EmitAsync(run.Id, mapper, e);
        _time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(events.Count, watcher.State.LastSequence);
        Assert.Equal(2, _redraws); // the live burst, one redraw
        Assert.Equal("succeeded", watcher.State.Status);
        Assert.Equal([1, 2, 0], watcher.State.RankedCandidates.Select(c => c.Index));
    }

    [Fact]
    public async Task A_run_cancelled_while_queued_ends_with_the_stored_runCancelled()
    {
        var run = await _db.CreateRunAsync(RunStatus.Queued);
        await using var watcher = Watch(run.Id);
        await watcher.StartAsync();
        Assert.Equal("queued", watcher.State.Status);

        Assert.True(await _db.Store.RequestCancelAsync(run.Id));
        // As RunService does: publish the terminal event the store appended.
        var end = Assert.Single(await _db.Store.EventsAsync(run.Id));
        await _broker.PublishAsync(run.Id, end.Sequence, end.Type, end.PayloadJson);
        await UntilAsync(() => watcher.State.Status == "cancelled", "the runCancelled event");
        Assert.True(watcher.State.EndedByEvent);
        Assert.Equal(1, watcher.State.LastSequence);
    }

    [Fact]
    public async Task An_unknown_run_is_missing()
    {
        await using var watcher = Watch(Guid.NewGuid());
        await watcher.StartAsync();
        Assert.True(watcher.Missing);
    }
}
