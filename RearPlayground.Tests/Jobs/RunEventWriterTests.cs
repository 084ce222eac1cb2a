using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Tests.Data;
using RearPlayground.Worker.Jobs;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Search.Events;
using RearPlayground.Worker.Events;

namespace RearPlayground.Tests.Jobs;

/// <summary>
/// The run's event pipeline without a model: a stand-in search emits events as fast as it can into the bounded channel,
/// the writer stores them in batches on a real SQLite file whose appends the test can hold or fail.
/// </summary>
public sealed class RunEventWriterTests : IAsyncLifetime
{
    private static readonly EventPipelineOptions Small = new() { Capacity = 16, MaxBatch = 8, CommitInterval = TimeSpan.Zero };

    private TempDatabase _db = null!;
    private readonly RecordingPublisher _publisher = new();
    private readonly CancellationTokenSource _cancel = new();
    private RunEntity _run = null!;
    private HookedStore _hooks = null!;
    private IRunStore _proxy = null!;
    private RunEventWriter _writer = null!;
    private int _emitted, _inEmit;
    private volatile bool _searchEnded;

    public async Task InitializeAsync()
    {
        _db = await TempDatabase.CreateAsync();
        _run = await _db.CreateRunAsync(RunStatus.Running);
        (var store, _hooks) = HookedStore.Wrap(_db.Store);
        _proxy = store;
        _writer = new RunEventWriter(_run.Id, store, _publisher, new EventMapper(_run.Id), Small, NullLogger.Instance)
        {
            StopSearch = _cancel.Cancel,
        };
    }

    public async Task DisposeAsync()
    {
        _cancel.Dispose();
        await _db.DisposeAsync();
    }

    // 500 progress events then the end: far more than the channel and a batch hold.
    private static IEnumerable<SearchEvent> Events(int count = 500) =>
        Enumerable.Range(1, count).Select(i => (SearchEvent)new ProgressReported(i, count, i, 1))
            .Append(new RunFinished(-1, new SearchCounts(count, count, count), new SearchTimings(0, 0, 0, 1)));

    // The search's side of RunJob: Produce on a dedicated thread, counting what it has handed over and whether it waits.
    private (Task Writing, Task Producing) Start(IEnumerable<SearchEvent> events)
    {
        var channel = SearchStream.CreateChannel(Small.Capacity);
        var input = _writer.Input(channel); // as RunJob feeds it
        var writing = Task.Run(() => _writer.RunAsync(channel.Reader));
        var producing = Task.Factory.StartNew(() => SearchStream.Produce(emit =>
        {
            try
            {
                foreach (var e in events)
                {
                    _cancel.Token.ThrowIfCancellationRequested(); // as a search does at each model call
                    Interlocked.Increment(ref _inEmit);
                    emit(e);
                    Interlocked.Decrement(ref _inEmit);
                    Interlocked.Increment(ref _emitted);
                }
            }
            finally
            {
                _searchEnded = true;
            }
        }, input, _cancel.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return (writing, producing);
    }

    // Holds the first batch's append until released; returns its size once it is held.
    private (TaskCompletionSource<int> Held, TaskCompletionSource Release) HoldFirstBatch()
    {
        var held = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _hooks.BeforeBatch = (call, writes) =>
        {
            if (call > 0) return Task.CompletedTask;
            held.SetResult(writes.Count);
            return release.Task;
        };
        return (held, release);
    }

    private static async Task UntilAsync(Func<bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!done())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for {what}");
            await Task.Delay(5);
        }
    }

    [Fact]
    public async Task Every_event_is_stored_in_order_gapless_in_batches_and_published_after_each_commit()
    {
        var (writing, producing) = Start(Events());
        await producing;
        await writing;

        var stored = await _db.Store.EventsAsync(_run.Id);
        Assert.Equal(Enumerable.Range(1, 501).Select(i => (long)i), stored.Select(e => e.Sequence));
        Assert.Equal(Enumerable.Range(1, 500), stored.SkipLast(1).Select(e => JsonNode.Parse(e.PayloadJson)!["step"]!.GetValue<int>()));
        Assert.Equal("runFinished", stored[^1].Type);
        Assert.Equal(RunStatus.Succeeded, (await _db.Store.FindAsync(_run.Id))!.Status);
        // One transaction per batch, none larger than the bound; each batch published once, after its commit, in order.
        Assert.Equal(501, _hooks.Batches.Sum());
        Assert.All(_hooks.Batches, n => Assert.InRange(n, 1, Small.MaxBatch));
        Assert.Equal(_hooks.Batches, _publisher.Batches);
        Assert.Equal(stored.Select(e => (e.Sequence, e.Type, e.PayloadJson)), _publisher.Calls.Select(c => (c.Sequence, c.Type, c.PayloadJson)));
        Assert.Equal((_hooks.Batches.Count, 501), (_writer.Commits, _writer.Stored));
    }

    [Fact]
    public async Task A_slow_store_holds_the_search_back_with_bounded_memory_and_then_everything_is_stored()
    {
        var (held, release) = HoldFirstBatch();
        var (writing, producing) = Start(Events());
        var first = await held.Task;

        // The writer is held: the search fills the channel, then waits for room (one event in hand).
        await UntilAsync(() => Volatile.Read(ref _emitted) == first + Small.Capacity && Volatile.Read(ref _inEmit) == 1, "the search to wait");
        Assert.False(producing.IsCompleted);
        Assert.True(_emitted <= Small.Capacity + Small.MaxBatch, $"{_emitted} events in memory");

        release.SetResult();
        await producing;
        await writing;
        var stored = await _db.Store.EventsAsync(_run.Id);
        Assert.Equal(Enumerable.Range(1, 501).Select(i => (long)i), stored.Select(e => e.Sequence));
        // What piled up while the store was held went in full batches: several events per transaction.
        Assert.Equal(Small.MaxBatch, _hooks.Batches.Skip(1).First());
    }

    [Fact]
    public async Task A_cancel_while_the_store_is_slow_stops_the_search_at_once_and_the_run_ends_cancelled()
    {
        var (held, release) = HoldFirstBatch();
        var (writing, producing) = Start(Events());
        var first = await held.Task;
        await UntilAsync(() => Volatile.Read(ref _inEmit) == 1 && _emitted == first + Small.Capacity, "the search to wait");

        await _cancel.CancelAsync();
        // The search was waiting for room: the wait ends with the cancel, so does the search (no model call needed).
        await UntilAsync(() => _searchEnded, "the search to stop");
        Assert.Equal(first + Small.Capacity, _emitted);

        // Its RunCancelled waits for room like any event, and is stored after everything the search handed over.
        release.SetResult();
        await producing;
        await writing;
        var stored = await _db.Store.EventsAsync(_run.Id);
        Assert.Equal(first + Small.Capacity + 1, stored.Count);
        Assert.Equal("runCancelled", stored[^1].Type);
        Assert.Equal(Enumerable.Range(1, stored.Count).Select(i => (long)i), stored.Select(e => e.Sequence));
        Assert.Equal(RunStatus.Cancelled, (await _db.Store.FindAsync(_run.Id))!.Status);
    }

    [Fact]
    public async Task When_a_batch_cannot_be_stored_the_search_is_stopped_and_the_run_ends_failed_saying_why()
    {
        _hooks.BeforeBatch = (call, _) => call == 1 ? throw new IOException("disk full") : Task.CompletedTask;
        var (writing, producing) = Start(Events(100_000));
        await producing;
        await writing;

        Assert.True(_searchEnded);
        Assert.True(_emitted < 100_000, "the search was stopped");
        var stored = await _db.Store.EventsAsync(_run.Id);
        var firstBatch = _hooks.Batches.Single();
        // The batch that failed is not stored at all; the end follows what was, with no gap.
        Assert.Equal(Enumerable.Range(1, firstBatch + 1).Select(i => (long)i), stored.Select(e => e.Sequence));
        Assert.Equal("runFailed", stored[^1].Type);
        var run = (await _db.Store.FindAsync(_run.Id))!;
        Assert.Equal((RunStatus.Failed, "storing the run's events failed: disk full"), (run.Status, run.Error));
        Assert.Equal(stored.Select(e => e.Sequence), _publisher.Calls.Select(c => c.Sequence));
    }

    [Fact]
    public async Task When_even_the_end_cannot_be_stored_it_is_retried_until_the_store_takes_it()
    {
        // The disk full: every batch and the first tries at recording the end fail; then space is freed.
        var refused = 0;
        _hooks.BeforeBatch = (_, _) => throw new IOException("disk full");
        _hooks.BeforeEnd = _ => Interlocked.Increment(ref refused) <= 4 ? throw new IOException("disk full") : Task.CompletedTask;
        var writer = new RunEventWriter(_run.Id, _proxy, _publisher, new EventMapper(_run.Id),
            Small with { EndRetryInterval = TimeSpan.FromMilliseconds(1) }, NullLogger.Instance) { StopSearch = _cancel.Cancel };
        var channel = SearchStream.CreateChannel(Small.Capacity);
        var writing = writer.RunAsync(channel.Reader);
        SearchStream.Produce(emit => { foreach (var e in Events(10)) emit(e); }, channel.Writer, _cancel.Token);
        await writing;

        // Two tries (append, then finish) per attempt: the third attempt's append is taken.
        Assert.Equal(5, refused);
        var stored = await _db.Store.EventsAsync(_run.Id);
        Assert.Equal("runFailed", stored.Single().Type);
        var run = (await _db.Store.FindAsync(_run.Id))!;
        Assert.Equal((RunStatus.Failed, "storing the run's events failed: disk full"), (run.Status, run.Error));
    }
}
