using Microsoft.EntityFrameworkCore;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;

namespace RearPlayground.Tests.Data;

/// <summary>Events stored one deflated row per batch (PackedEvents): given back exactly, from any sequence; older rows still read.</summary>
public sealed class PackedEventsTests
{
    // Escapes, non-ASCII, right-to-left text, emoji, an astral character and a long payload: all come back byte for byte.
    private static readonly string[] Payloads =
    [
        """{"type":"nodeExpanded","nodeId":0,"text":"Tom \u0027s \"cat\"\n","logProbsWith":["-Infinity",-1.7166138E-05]}""",
        """{"type":"partialText","deltas":[{"index":0,"from":0,"text":"héllo שלום 😀 𝔸"}]}""",
        "{\"type\":\"progress\",\"text\":\"" + new string('x', 70_000) + "\"}",
        "{}",
    ];

    [Fact]
    public async Task A_batch_is_one_row_and_its_events_come_back_exactly_from_any_sequence()
    {
        await using var db = await TempDatabase.CreateAsync();
        var run = await db.CreateRunAsync();
        var at = new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);
        await db.Store.AppendAsync(run.Id, new("runStarted", "{\"type\":\"runStarted\"}") { At = at });
        await db.Store.AppendBatchAsync(run.Id, [.. Payloads.Select((p, i) => new EventWrite("t" + i, p) { At = at.AddTicks(i) })]);

        Assert.Equal(2L, db.Scalar("SELECT COUNT(*) FROM RunEvents"));
        Assert.Equal(0L, db.Scalar("SELECT COUNT(*) FROM RunEvents WHERE Packed IS NULL"));
        var events = await db.Store.EventsAsync(run.Id);
        Assert.Equal([1L, 2, 3, 4, 5], events.Select(e => e.Sequence));
        Assert.Equal(Payloads, events.Skip(1).Select(e => e.PayloadJson));
        Assert.Equal(["t0", "t1", "t2", "t3"], events.Skip(1).Select(e => e.Type));
        Assert.Equal(Payloads.Select((_, i) => at.AddTicks(i)), events.Skip(1).Select(e => e.At));
        // A watcher catching up from the middle of a stored batch gets the rest of it and nothing before.
        Assert.Equal([4L, 5], (await db.Store.EventsAsync(run.Id, afterSequence: 3)).Select(e => e.Sequence));
        Assert.Empty(await db.Store.EventsAsync(run.Id, afterSequence: 5));
    }

    [Fact]
    public async Task Rows_stored_before_packing_read_as_they_did_and_mix_with_packed_ones()
    {
        await using var db = await TempDatabase.CreateAsync();
        var run = await db.CreateRunAsync();
        // As the store wrote them before CompactStorage: one event per row, as text, and full node and candidate rows.
        await using (var context = db.NewContext())
        {
            context.RunEvents.AddRange(
                new RunEventEntity { RunId = run.Id, Sequence = 1, Type = "runStarted", PayloadJson = "{\"a\":1}" },
                new RunEventEntity { RunId = run.Id, Sequence = 2, Type = "nodeExpanded", PayloadJson = "{\"b\":2}" });
            context.TreeNodes.Add(DataSamples.Node(0) is var node ? Own(node, run.Id) : null!);
            context.Candidates.Add(DataSamples.Candidate(0) is var candidate ? Own(candidate, run.Id) : null!);
            await context.Runs.Where(r => r.Id == run.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.LastSequence, 2L));
            await context.SaveChangesAsync();
        }
        await db.Store.AppendBatchAsync(run.Id, [new("progress", "{\"c\":3}"), new("runFinished", "{\"d\":4}")]);

        var events = await db.Store.EventsAsync(run.Id);
        Assert.Equal(["{\"a\":1}", "{\"b\":2}", "{\"c\":3}", "{\"d\":4}"], events.Select(e => e.PayloadJson));
        Assert.Equal([1L, 2, 3, 4], events.Select(e => e.Sequence));
        Assert.Equal([3L, 4], (await db.Store.EventsAsync(run.Id, 2)).Select(e => e.Sequence));
        Assert.Equal("[1,2]", Assert.Single(await db.Store.NodesAsync(run.Id)).TokenIdsJson);
        Assert.Equal(DataSamples.Candidate(0).TokenIdsJson, Assert.Single(await db.Store.CandidatesAsync(run.Id)).TokenIdsJson);
    }

    private static TreeNodeEntity Own(TreeNodeEntity node, Guid runId) { node.RunId = runId; return node; }
    private static CandidateEntity Own(CandidateEntity candidate, Guid runId) { candidate.RunId = runId; return candidate; }
}
