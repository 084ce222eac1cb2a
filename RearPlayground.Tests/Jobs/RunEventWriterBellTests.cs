using Microsoft.Extensions.Logging.Abstractions;
using RearPlayground.Data.Entities;
using RearPlayground.Tests.Data;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Search.Events;
using RearPlayground.Worker.Events;

namespace RearPlayground.Tests.Jobs;

/// <summary>
/// Fed through <see cref="RunEventWriter.Input"/>, the writer is not woken by every event: events wait for the next commit,
/// while a terminal event, a full batch and the stream's end are committed at once.
/// </summary>
public sealed class RunEventWriterBellTests : IAsyncLifetime
{
    private TempDatabase _db = null!;
    private RunEntity _run = null!;

    public async Task InitializeAsync()
    {
        _db = await TempDatabase.CreateAsync();
        _run = await _db.CreateRunAsync(RunStatus.Running);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private RunEventWriter Writer(EventPipelineOptions options) =>
        new(_run.Id, _db.Store, new RecordingPublisher(), new EventMapper(_run.Id), options, NullLogger.Instance);

    private static EmittedEvent Progress(int i) => new(new ProgressReported(i, 100, i, 1), DateTimeOffset.UtcNow);

    [Fact]
    public async Task Events_wait_for_the_commit_interval_and_the_terminal_event_is_committed_at_once()
    {
        var writer = Writer(new EventPipelineOptions { CommitInterval = TimeSpan.FromSeconds(30) });
        var channel = SearchStream.CreateChannel(64);
        var input = writer.Input(channel);
        var writing = Task.Run(() => writer.RunAsync(channel.Reader));

        Assert.True(input.TryWrite(Progress(1))); // the run's first event: at once
        await WaitForAsync(() => writer.Stored == 1);
        for (var i = 2; i <= 5; i++) Assert.True(input.TryWrite(Progress(i)));
        await Task.Delay(300);
        Assert.Equal((1, 1), (writer.Stored, writer.Commits)); // not due for 30 s, and nothing rang

        Assert.True(input.TryWrite(new EmittedEvent(new RunFinished(-1, new SearchCounts(5, 5, 5), new SearchTimings(0, 0, 0, 1)), DateTimeOffset.UtcNow)));
        input.TryComplete();
        await writing.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((6, 2), (writer.Stored, writer.Commits));
        Assert.Equal(RunStatus.Succeeded, (await _db.Store.FindAsync(_run.Id))!.Status);
    }

    [Fact]
    public async Task A_full_batch_and_the_streams_end_are_committed_at_once()
    {
        var writer = Writer(new EventPipelineOptions { CommitInterval = TimeSpan.FromSeconds(30), MaxBatch = 4 });
        var channel = SearchStream.CreateChannel(64);
        var input = writer.Input(channel);
        var writing = Task.Run(() => writer.RunAsync(channel.Reader));

        Assert.True(input.TryWrite(Progress(1)));
        await WaitForAsync(() => writer.Stored == 1);
        for (var i = 2; i <= 5; i++) Assert.True(input.TryWrite(Progress(i))); // four waiting: a full batch
        await WaitForAsync(() => writer.Stored == 5);
        Assert.True(input.TryWrite(Progress(6)));
        input.TryComplete(); // ended without a terminal event (a failure): what is waiting is stored, then the run ends
        await writing.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(6, writer.Stored);
        Assert.Equal(RunStatus.Failed, (await _db.Store.FindAsync(_run.Id))!.Status);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("the writer did not commit within 10 s");
            await Task.Delay(5);
        }
    }
}
