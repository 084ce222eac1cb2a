using RearPlayground.Data.Entities;
using RearPlayground.Web.Live;
using RearPlayground.Web.Runs;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Search.Events;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Web.Components.Shared.RunView;

/// <summary>
/// A run as its event stream has told it so far: status, progress, candidates (filling while Best-of-N samples)
/// and the DVTS tree. Events are applied strictly in sequence order: one that arrives early (a live event
/// overtaking the backlog) waits until the gap is filled, one seen before is ignored. The live view, replay and
/// tests all feed it; it draws nothing itself.
/// </summary>
public sealed class RunViewState
{
    private readonly SortedDictionary<long, RunEventMessage> _early = [];
    private readonly Dictionary<int, ViewNode> _nodes = [];
    private readonly SortedDictionary<int, LiveCandidate> _candidates = [];

    /// <summary>The last sequence number applied: 1, 2, 3 … without gaps.</summary>
    public long LastSequence { get; private set; }
    /// <summary>Bumped on every applied event, so components know when to redraw.</summary>
    public int Version { get; private set; }
    private string _eventStatus = "queued";
    private (string Status, long LastSequence)? _stored;

    /// <summary>
    /// queued, running, succeeded, failed, cancelled or interrupted: what the events say, unless the stored run has
    /// ended without a terminal event (cancelled while queued, interrupted) and every stored event has been applied.
    /// </summary>
    public string Status => !IsTerminal(_eventStatus) && _stored is { } s && IsTerminal(s.Status) && s.LastSequence <= LastSequence
        ? s.Status
        : _eventStatus;
    public bool Ended => IsTerminal(Status);
    /// <summary>True once an event (not only the stored run) has ended the stream.</summary>
    public bool EndedByEvent => IsTerminal(_eventStatus);
    public RunStarted? Started { get; private set; }
    public string? Method => Started?.Method;
    /// <summary>The run's request (λ, γ, aggregation, M …) once it has started.</summary>
    public SearchRequest? Request => Started?.Request;
    public ProgressReported? Progress { get; private set; }
    public RunFinished? Finished { get; private set; }
    /// <summary>The greedy baseline (includeGreedy) once decoded: shown apart, never among the candidates.</summary>
    public BaselineFinished? Greedy { get; private set; }
    public string? Error { get; private set; }
    public int? BestNodeId => Finished?.BestNodeId;
    public IReadOnlyCollection<ViewNode> Nodes => _nodes.Values;
    public IEnumerable<LiveCandidate> Candidates => _candidates.Values;

    /// <summary>
    /// Cards in rank order: by index while the search is still producing them, by score (best first) once every
    /// candidate has finished, so cards do not jump around while DVTS paths trade places step by step.
    /// </summary>
    public IReadOnlyList<LiveCandidate> RankedCandidates => _candidates.Count > 0 && _candidates.Values.All(c => c.Finished && c.Score is not null)
        ? [.. _candidates.Values.OrderByDescending(c => c.Score).ThenBy(c => c.Index)]
        : [.. _candidates.Values];

    /// <summary>True for the candidate the finished search picked.</summary>
    public bool IsBest(LiveCandidate c) => Finished is { } f && c.NodeId == f.BestNodeId;
    public int PendingCount => _early.Count;

    public ViewNode? Node(int id) => _nodes.GetValueOrDefault(id);

    /// <summary>
    /// The stored run as last read: a run cancelled while queued, or interrupted, ends without a terminal event. Its
    /// status counts once the state has applied every event the store had then (so events still on their way win).
    /// Returns true when the shown status changed.
    /// </summary>
    public bool ObserveStored(RunStatus status, long lastSequence)
    {
        var before = Status;
        _stored = (RunJsonMapper.Status(status), lastSequence);
        if (before == Status) return false;
        Version++;
        return true;
    }

    private static bool IsTerminal(string status) => status is "succeeded" or "failed" or "cancelled" or "interrupted";

    /// <summary>Takes one event in any order; true when it (and any it unblocked) changed the state.</summary>
    public bool Apply(RunEventMessage message)
    {
        if (message.Sequence <= LastSequence || _early.ContainsKey(message.Sequence)) return false;
        _early[message.Sequence] = message;
        var changed = false;
        while (_early.Remove(LastSequence + 1, out var next))
        {
            Apply(next.Type, next.Payload);
            LastSequence = next.Sequence;
            changed = true;
        }
        if (changed) Version++;
        return changed;
    }

    public void ApplyAll(IEnumerable<RunEventMessage> messages)
    {
        foreach (var m in messages) Apply(m);
    }

    private void Apply(string type, string payload)
    {
        // Types this build does not know (newer workers) only advance the sequence.
        SearchEvent e;
        try { e = EventJson.Deserialize(payload); }
        catch (System.Text.Json.JsonException) { return; }
        switch (e)
        {
            case RunStarted s: Started = s; _eventStatus = "running"; break;
            case ProgressReported p: Progress = p; break;
            case PartialText t: ApplyText(t); break;
            case NodeExpanded n: Expand(n); break;
            case NodeSelected s: Select(s); break;
            case CandidateFinished c: Finish(c); break;
            case BaselineFinished b: Greedy = b; break;
            case RunFinished f: End(f); break;
            case RunFailed f: _eventStatus = "failed"; Error = f.Message; break;
            case RunCancelled: _eventStatus = "cancelled"; break;
            case RunInterrupted i: _eventStatus = "interrupted"; Error = i.Message; break;
        }
    }

    private LiveCandidate Candidate(int index) =>
        _candidates.TryGetValue(index, out var c) ? c : _candidates[index] = new LiveCandidate(index);

    private void ApplyText(PartialText t)
    {
        foreach (var d in t.Deltas)
        {
            var c = Candidate(d.Index);
            var keep = Math.Clamp(d.From, 0, c.Text.Length);
            c.Text = c.Text[..keep] + d.Text;
        }
    }

    private void Expand(NodeExpanded n)
    {
        _nodes[n.NodeId] = ViewNode.From(n);
        // Best-of-N: one node per candidate, scored; DVTS: a step of subtree n.Subtree, its path's text so far.
        if (Method != "dvts")
        {
            var c = Candidate(n.Subtree);
            c.Text = n.Text;
            c.Score = n.Score;
            c.NodeId = n.NodeId;
        }
        else
        {
            var c = Candidate(n.Subtree);
            if (!c.Finished) c.Text = PathText(n.NodeId);
        }
    }

    private void Select(NodeSelected s)
    {
        if (_nodes.TryGetValue(s.KeptId, out var kept))
        {
            kept.Kept = true;
            var c = Candidate(s.Subtree);
            if (!c.Finished) { c.Text = PathText(kept.Id); c.Score = kept.Score; c.NodeId = kept.Id; }
        }
        foreach (var id in s.PrunedIds)
            if (_nodes.TryGetValue(id, out var pruned)) pruned.Kept = false;
    }

    private void Finish(CandidateFinished f)
    {
        var c = Candidate(f.Subtree);
        c.Text = f.Text;
        c.Score = f.Score;
        c.NodeId = f.NodeId;
        c.Finished = true;
        c.FinishReason = f.FinishReason.ToString().ToLowerInvariant();
        if (_nodes.TryGetValue(f.NodeId, out var node)) node.Kept = true;
    }

    private void End(RunFinished f)
    {
        Finished = f;
        _eventStatus = "succeeded";
        for (int? id = f.BestNodeId; id is { } i && _nodes.TryGetValue(i, out var node); id = node.ParentId)
            node.OnBestPath = true;
    }

    /// <summary>The nodes from the subtree's first step to <paramref name="nodeId"/>, in order (empty for an unknown id).</summary>
    public IReadOnlyList<ViewNode> Path(int nodeId)
    {
        var path = new List<ViewNode>();
        for (int? id = nodeId; id is { } i && _nodes.TryGetValue(i, out var node); id = node.ParentId) path.Add(node);
        path.Reverse();
        return path;
    }

    /// <summary>The text of the path from the prompt to <paramref name="nodeId"/>.</summary>
    public string PathText(int nodeId)
    {
        var parts = new List<string>();
        for (int? id = nodeId; id is { } i && _nodes.TryGetValue(i, out var node); id = node.ParentId) parts.Add(node.Text);
        parts.Reverse();
        return string.Concat(parts);
    }
}
