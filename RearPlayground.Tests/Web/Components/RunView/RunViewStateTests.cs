using RearPlayground.Data.Entities;
using RearPlayground.Web.Components.Shared.RunView;

namespace RearPlayground.Tests.Web.Components.RunView;

/// <summary>The run view's state built from event streams: order, duplicates, partial text, ranking, the DVTS tree, stored status.</summary>
public sealed class RunViewStateTests
{
    [Fact]
    public void A_whole_best_of_n_stream_ends_succeeded_with_the_picked_candidate_first()
    {
        var state = new RunViewState();
        state.ApplyAll(RunEvents.BestOfThree().Messages);

        Assert.Equal("succeeded", state.Status);
        Assert.True(state.Ended);
        Assert.Equal("bon", state.Method);
        Assert.Equal([1, 2, 0], state.RankedCandidates.Select(c => c.Index));
        Assert.Equal("A cat ate.", state.RankedCandidates[0].Text);
        Assert.True(state.IsBest(state.RankedCandidates[0]));
        Assert.False(state.IsBest(state.RankedCandidates[1]));
    }

    [Fact]
    public void Live_events_that_overtake_the_backlog_wait_for_the_gap_and_duplicates_are_ignored()
    {
        var events = RunEvents.BestOfThree();
        var state = new RunViewState();

        // Live events 4 and 5 arrive before the backlog 1–3.
        Assert.False(state.Apply(events[4]));
        Assert.False(state.Apply(events[5]));
        Assert.Equal(0, state.LastSequence);
        Assert.Equal(2, state.PendingCount);
        Assert.Equal("queued", state.Status);

        Assert.True(state.Apply(events[1]));
        Assert.True(state.Apply(events[2]));
        Assert.Equal(2, state.LastSequence);
        Assert.True(state.Apply(events[3]));
        Assert.Equal(5, state.LastSequence);
        Assert.Equal(0, state.PendingCount);

        // The backlog overlapping what was already applied changes nothing.
        var version = state.Version;
        foreach (var m in events.Messages.Take(5)) Assert.False(state.Apply(m));
        Assert.Equal(version, state.Version);
        Assert.Equal(["Tom ran", "A cat", "Big fish"], state.Candidates.Select(c => c.Text));
        Assert.True(state.Apply(events[6]));
        Assert.False(state.Apply(events[6]));
        Assert.Equal(version + 1, state.Version);
    }

    [Fact]
    public void Partial_text_deltas_append_or_rewrite_from_their_offset_and_cards_stay_in_index_order_while_sampling()
    {
        var events = new RunEvents().Started("bon").Text((1, 0, "Hello"), (0, 0, "Hi")).Text((1, 5, " world")).Text((1, 4, "!"));
        var state = new RunViewState();
        state.ApplyAll(events.Messages);

        Assert.Equal("running", state.Status);
        Assert.Equal([0, 1], state.RankedCandidates.Select(c => c.Index));
        Assert.Equal("Hi", state.RankedCandidates[0].Text);
        Assert.Equal("Hell!", state.RankedCandidates[1].Text);
        Assert.All(state.Candidates, c => Assert.Null(c.Score));
    }

    [Fact]
    public void Cards_keep_index_order_until_every_candidate_has_finished()
    {
        var events = RunEvents.BestOfThree();
        var state = new RunViewState();
        // Up to the second CandidateFinished: scored, but not all finished.
        state.ApplyAll(events.Messages.Take(events.Messages.Count - 2));
        Assert.Equal([0, 1, 2], state.RankedCandidates.Select(c => c.Index));
        Assert.Equal(0.9, state.RankedCandidates[1].Score);

        state.ApplyAll(events.Messages);
        Assert.Equal([1, 2, 0], state.RankedCandidates.Select(c => c.Index));
    }

    [Fact]
    public void Dvts_selection_marks_kept_and_pruned_nodes_and_the_end_marks_the_winning_path()
    {
        var events = RunEvents.SmallDvts();
        var state = new RunViewState();
        state.ApplyAll(events.Messages.Take(7)); // started, four first steps, both selections

        Assert.True(state.Node(0)!.Kept);
        Assert.False(state.Node(1)!.Kept);
        Assert.False(state.Node(2)!.Kept);
        Assert.True(state.Node(3)!.Kept);
        Assert.Equal("Tom", state.Candidates.First(c => c.Index == 0).Text);
        Assert.DoesNotContain(state.Nodes, n => n.OnBestPath);

        state.ApplyAll(events.Messages);
        Assert.Equal("succeeded", state.Status);
        Assert.Equal(8, state.Nodes.Count);
        Assert.Equal("Tom ate", state.PathText(5));
        Assert.Equal([0, 5], state.Nodes.Where(n => n.OnBestPath).Select(n => n.Id).Order());
        Assert.False(state.Node(4)!.OnBestPath);
        Assert.False(state.Node(4)!.Kept);
        Assert.Equal([0, 1], state.RankedCandidates.Select(c => c.Index));
        Assert.True(state.IsBest(state.RankedCandidates[0]));
    }

    [Fact]
    public void A_run_cancelled_while_queued_shows_the_stored_status_though_no_event_came()
    {
        var state = new RunViewState();
        Assert.False(state.ObserveStored(RunStatus.Queued, 0));
        Assert.Equal("queued", state.Status);

        Assert.True(state.ObserveStored(RunStatus.Cancelled, 0));
        Assert.Equal("cancelled", state.Status);
        Assert.True(state.Ended);
        Assert.False(state.EndedByEvent);
    }

    [Fact]
    public void A_stored_end_waits_until_the_events_before_it_have_been_applied()
    {
        var events = RunEvents.BestOfThree();
        var state = new RunViewState();
        state.ApplyAll(events.Messages.Take(3));

        // The store already says succeeded, but events 4… are still on their way: keep showing what they say.
        state.ObserveStored(RunStatus.Succeeded, events.Messages.Count);
        Assert.Equal("running", state.Status);
        state.ApplyAll(events.Messages);
        Assert.Equal("succeeded", state.Status);
        Assert.True(state.EndedByEvent);

        // An interrupted run (no terminal event) ends once everything stored is applied.
        var interrupted = new RunViewState();
        interrupted.ApplyAll(events.Messages.Take(3));
        interrupted.ObserveStored(RunStatus.Interrupted, 3);
        Assert.Equal("interrupted", interrupted.Status);
    }

    [Fact]
    public void A_failed_run_keeps_its_message()
    {
        var events = new RunEvents().Started("bon").Add(new RearPlayground.Worker.Search.Events.RunFailed("out of memory"));
        var state = new RunViewState();
        state.ApplyAll(events.Messages);
        Assert.Equal("failed", state.Status);
        Assert.Equal("out of memory", state.Error);
    }
}
