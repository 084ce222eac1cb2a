using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;

namespace RearPlayground.Tests.Data;

/// <summary>
/// OpenAppender: a run writer's batches, made one event at a time, stored as AppendBatchAsync stores them, over one kept
/// connection, a batch packed alongside while it is being made when asked.
/// </summary>
public sealed class RunAppenderTests
{
    [Fact]
    public async Task Batches_made_event_by_event_are_stored_in_order_with_their_rows_small_and_large()
    {
        await using var db = await TempDatabase.CreateAsync();
        var run = await db.CreateRunAsync();
        var at = new DateTimeOffset(2026, 11, 30, 11, 0, 0, TimeSpan.Zero);
        await using var appender = db.Store.OpenAppender(run.Id);

        appender.Add(new("runStarted", "{\"i\":0}") { At = at, UpdateRun = r => r.Status = RunStatus.Running });
        appender.Add(new("progress", "{\"i\":1}") { At = at.AddMilliseconds(1) });
        Assert.Equal(1L, await appender.CommitAsync());
        // Packed alongside: on another core from its first event on.
        appender.PackAlongside();
        for (var i = 0; i < 18; i++) appender.Add(new("partialText", $"{{\"i\":{i + 2}}}") { At = at.AddMilliseconds(2 + i) });
        Assert.Equal(3L, await appender.CommitAsync());
        // Large, packed at its commit.
        for (var i = 0; i < 40; i++) appender.Add(new("nodeExpanded", $"{{\"i\":{i + 20},\"text\":\"{new string('x', i)}\"}}") { At = at.AddMilliseconds(20 + i) });
        appender.Add(new("runFinished", "{\"i\":60}")
        {
            At = at.AddMilliseconds(70), Candidates = [DataSamples.Candidate(0)], UpdateRun = r => { r.Status = RunStatus.Succeeded; r.Best = 0; },
        });
        Assert.Equal(21L, await appender.CommitAsync());

        var events = await db.Store.EventsAsync(run.Id);
        Assert.Equal(Enumerable.Range(1, 61).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(Enumerable.Range(0, 61).Select(i => i), events.Select(e => int.Parse(e.PayloadJson.Split(':', ',', '}')[1])));
        Assert.Equal("runFinished", events[^1].Type);
        Assert.Equal(at.AddMilliseconds(19), events[19].At);
        Assert.Equal([at, at.AddMilliseconds(1), at.AddMilliseconds(2)], events.Take(3).Select(e => e.At));
        Assert.Equal(new string('x', 39), System.Text.Json.Nodes.JsonNode.Parse(events[^2].PayloadJson)!["text"]!.GetValue<string>());
        // One packed row per batch.
        Assert.Equal(3L, db.Scalar("SELECT COUNT(*) FROM RunEvents"));
        Assert.Single(await db.Store.CandidatesAsync(run.Id));
        var stored = (await db.Store.FindAsync(run.Id))!;
        Assert.Equal((RunStatus.Succeeded, 0, 61L), (stored.Status, stored.Best, stored.LastSequence));
    }

    [Fact]
    public async Task A_batch_that_fails_stores_nothing_and_the_next_one_is_stored()
    {
        await using var db = await TempDatabase.CreateAsync();
        var run = await db.CreateRunAsync();
        await using var appender = db.Store.OpenAppender(run.Id);
        appender.Add(new("runStarted", "{}"));
        await appender.CommitAsync();

        for (var i = 0; i < 20; i++) appender.Add(new("progress", "{}"));
        appender.Add(new("runFinished", "{}") { UpdateRun = _ => throw new InvalidOperationException("boom") });
        await Assert.ThrowsAsync<InvalidOperationException>(() => appender.CommitAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => appender.CommitAsync()); // the failed batch is gone: nothing to commit

        appender.Add(new("runFinished", "{}") { UpdateRun = r => r.Status = RunStatus.Succeeded });
        Assert.Equal(2L, await appender.CommitAsync());
        Assert.Equal(["runStarted", "runFinished"], (await db.Store.EventsAsync(run.Id)).Select(e => e.Type));
        Assert.Equal(RunStatus.Succeeded, (await db.Store.FindAsync(run.Id))!.Status);
    }

    [Fact]
    public async Task Two_appenders_of_one_run_interleave_without_a_gap_or_duplicate()
    {
        await using var db = await TempDatabase.CreateAsync();
        var run = await db.CreateRunAsync();
        await using var a = db.Store.OpenAppender(run.Id);
        await using var b = db.Store.OpenAppender(run.Id);

        var firsts = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            foreach (var appender in new[] { a, b })
            {
                for (var k = 0; k < 3 + 15 * (i % 2); k++) appender.Add(new("progress", "{}"));
                firsts.Add(await appender.CommitAsync());
            }
        }

        var events = await db.Store.EventsAsync(run.Id);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(firsts.Order(), firsts);
        Assert.Equal((long)events.Count, (await db.Store.FindAsync(run.Id))!.LastSequence);
    }
}
