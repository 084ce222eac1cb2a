using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;

namespace RearPlayground.Tests.Data;

/// <summary>AppendBatchAsync: a batch is one transaction (all or nothing) with consecutive sequence numbers.</summary>
public sealed class RunStoreBatchTests
{
    [Fact]
    public async Task A_batch_takes_the_next_sequence_numbers_with_its_rows_times_and_flags()
    {
        await using var db = await TempDatabase.CreateAsync();
        var run = await db.CreateRunAsync();
        Assert.Equal(1L, await db.Store.AppendAsync(run.Id, new("RunStarted", "{}") { UpdateRun = r => r.Status = RunStatus.Running }));
        var at = new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);

        var first = await db.Store.AppendBatchAsync(run.Id, [
            new("NodeExpanded", "{\"n\":0}") { At = at, Nodes = [DataSamples.Node(0)] },
            new("NodeExpanded", "{\"n\":1}") { At = at.AddMilliseconds(3), Nodes = [DataSamples.Node(1, parent: 0)] },
            // Flags may name nodes of earlier writes of the same batch, not yet saved.
            new("NodeSelected", "{}") { KeptNodeIds = [1], PrunedNodeIds = [0] },
            new("RunFinished", "{}") { Candidates = [DataSamples.Candidate(0, nodeId: 1)], UpdateRun = r => { r.Status = RunStatus.Succeeded; r.Best = 0; } },
        ]);

        Assert.Equal(2L, first);
        var events = await db.Store.EventsAsync(run.Id);
        Assert.Equal([1L, 2, 3, 4, 5], events.Select(e => e.Sequence));
        Assert.Equal(["RunStarted", "NodeExpanded", "NodeExpanded", "NodeSelected", "RunFinished"], events.Select(e => e.Type));
        Assert.Equal([at, at.AddMilliseconds(3)], events.Skip(1).Take(2).Select(e => e.At));
        Assert.Equal([false, true], (await db.Store.NodesAsync(run.Id)).Select(n => n.Kept));
        Assert.Single(await db.Store.CandidatesAsync(run.Id));
        var stored = (await db.Store.FindAsync(run.Id))!;
        Assert.Equal((RunStatus.Succeeded, 0, 5L), (stored.Status, stored.Best, stored.LastSequence));
    }

    [Fact]
    public async Task A_failing_batch_stores_nothing_and_keeps_the_sequence()
    {
        await using var db = await TempDatabase.CreateAsync();
        var run = await db.CreateRunAsync();
        await db.Store.AppendAsync(run.Id, new("NodeExpanded", "{}") { Nodes = [DataSamples.Node(0)] });

        // The last write throws: its earlier writes are rolled back with it.
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.Store.AppendBatchAsync(run.Id, [
            new("NodeExpanded", "{}") { Nodes = [DataSamples.Node(1, parent: 0)] },
            new("CandidateFinished", "{}") { Candidates = [DataSamples.Candidate(0, nodeId: 1)], KeptNodeIds = [0] },
            new("RunFinished", "{}") { UpdateRun = r => { r.Status = RunStatus.Succeeded; throw new InvalidOperationException("boom"); } },
        ]));
        // A node id twice in one batch violates the key; a flag for an unknown node is a caller's bug: both fail whole.
        await Assert.ThrowsAnyAsync<Exception>(() => db.Store.AppendBatchAsync(run.Id, [
            new("NodeExpanded", "{}") { Nodes = [DataSamples.Node(2)] }, new("NodeExpanded", "{}") { Nodes = [DataSamples.Node(2)] }]));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => db.Store.AppendBatchAsync(run.Id, [
            new("NodeExpanded", "{}") { Nodes = [DataSamples.Node(3)] }, new("NodeSelected", "{}") { KeptNodeIds = [42] }]));
        await Assert.ThrowsAsync<ArgumentException>(() => db.Store.AppendBatchAsync(run.Id, []));

        var stored = (await db.Store.FindAsync(run.Id))!;
        Assert.Equal((1L, RunStatus.Queued), (stored.LastSequence, stored.Status));
        Assert.Single(await db.Store.EventsAsync(run.Id));
        var node = Assert.Single(await db.Store.NodesAsync(run.Id));
        Assert.False(node.Kept);
        Assert.Empty(await db.Store.CandidatesAsync(run.Id));
        Assert.Equal(2L, await db.Store.AppendBatchAsync(run.Id, [new("Next", "{}"), new("Next", "{}")]));
    }

    [Fact]
    public async Task Node_rows_without_arrays_are_read_with_the_arrays_of_their_events()
    {
        await using var db = await TempDatabase.CreateAsync();
        var run = await db.CreateRunAsync();
        var inEvent = DataSamples.Node(1, parent: 0);
        inEvent.TokenIdsJson = inEvent.LogProbsWithoutJson = inEvent.LogProbsWithJson = TreeNodeEntity.InEvent;
        await db.Store.AppendBatchAsync(run.Id, [
            new(NodeArrays.NodeExpandedType, """{"type":"nodeExpanded","nodeId":0,"tokenIds":[9],"logProbsWithout":[-9],"logProbsWith":[-8]}"""),
            new(NodeArrays.NodeExpandedType, """{"type":"nodeExpanded","nodeId":1,"tokenIds":[5,6],"logProbsWithout":["-Infinity",-1.5],"logProbsWith":[-0.5,-1]}"""),
            new("RunFinished", "{}") { Nodes = [DataSamples.Node(0), inEvent] },
        ]);

        var nodes = await db.Store.NodesAsync(run.Id);
        // A row that holds its arrays keeps them; one written without them gets its event's, as the event wrote them.
        Assert.Equal(("[1,2]", "[-0.5,-1.25]"), (nodes[0].TokenIdsJson, nodes[0].LogProbsWithoutJson));
        Assert.Equal(("[5,6]", "[\"-Infinity\",-1.5]", "[-0.5,-1]"), (nodes[1].TokenIdsJson, nodes[1].LogProbsWithoutJson, nodes[1].LogProbsWithJson));
        Assert.Equal(TreeNodeEntity.InEvent, db.Scalar("SELECT TokenIdsJson FROM TreeNodes WHERE NodeId = 1"));
    }
}
