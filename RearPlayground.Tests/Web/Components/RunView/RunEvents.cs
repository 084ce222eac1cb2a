using RearPlayground.Web.Live;
using RearPlayground.Worker.Engine.Generation;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Search.Events;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Events;

namespace RearPlayground.Tests.Web.Components.RunView;

/// <summary>A run's event stream as the broker delivers it (sequence 1, 2, 3 …), written event by event.</summary>
internal sealed class RunEvents
{
    private readonly List<RunEventMessage> _messages = [];
    private readonly List<SearchEvent> _events = [];

    public Guid RunId { get; } = Guid.NewGuid();
    public IReadOnlyList<RunEventMessage> Messages => _messages;
    public IReadOnlyList<SearchEvent> Events => _events;
    public RunEventMessage this[int sequence] => _messages[sequence - 1];

    public RunEvents Add(SearchEvent e)
    {
        _events.Add(e);
        _messages.Add(new RunEventMessage(RunId, _messages.Count + 1, EventMapper.TypeName(e), EventJson.Serialize(e)));
        return this;
    }

    public RunEvents Started(string method) => Add(new RunStarted(method, "rear", new SearchRequest("Once upon a time", "a cat", Method: method),
        new ModelFacts("stories260K", 5, 4, 8, 512, 512, "Float", "None"), "cpu", [1], [1, 2]));

    public RunEvents Node(int id, int? parent, int subtree, int depth, string text, double score, FinishReason reason = FinishReason.Length) =>
        Add(new NodeExpanded(id, parent, subtree, depth, text, [10 + id, 20 + id], [-1f, -2f], [-0.5f, -1f], score, reason));

    public RunEvents Text(params (int Index, int From, string Text)[] deltas) =>
        Add(new PartialText(deltas.Sum(d => d.Text.Length), [.. deltas.Select(d => new TextDelta(d.Index, d.From, d.Text))]));

    public RunEvents Progress(int step, int max) => Add(new ProgressReported(step, max, step * 4, 100));

    public RunEvents Select(int subtree, int kept, params int[] pruned) => Add(new NodeSelected(subtree, kept, pruned));

    public RunEvents Finish(int subtree, int nodeId, string text, double score) =>
        Add(new CandidateFinished(subtree, nodeId, text, score, FinishReason.Length));

    public RunEvents End(int bestNodeId) => Add(new RunFinished(bestNodeId, new SearchCounts(1, 1, 1), new SearchTimings(1, 1, 1, 3)));

    /// <summary>Best-of-N with three candidates: text while sampling, then scores 0.1, 0.9, 0.5 (candidate 1 wins).</summary>
    public static RunEvents BestOfThree() => new RunEvents().Started("bon")
        .Progress(1, 8).Text((0, 0, "Tom"), (1, 0, "A cat"), (2, 0, "Fish"))
        .Progress(2, 8).Text((0, 3, " ran"), (2, 0, "Big fish"))
        .Node(0, null, 0, 1, "Tom ran.", 0.1).Node(1, null, 1, 1, "A cat ate.", 0.9).Node(2, null, 2, 1, "Big fish.", 0.5)
        .Finish(0, 0, "Tom ran.", 0.1).Finish(1, 1, "A cat ate.", 0.9).Finish(2, 2, "Big fish.", 0.5)
        .End(1);

    /// <summary>DVTS, two subtrees of M = 2, two steps: subtree 0 keeps 0 then 5; subtree 1 keeps 3 then 6; node 5's path wins.</summary>
    public static RunEvents SmallDvts() => new RunEvents().Started("dvts")
        .Node(0, null, 0, 1, "Tom", 1).Node(1, null, 0, 1, "Sue", 0.5).Node(2, null, 1, 1, "A", 0.2).Node(3, null, 1, 1, "B", 0.4)
        .Select(0, 0, 1).Select(1, 3, 2).Progress(1, 2)
        .Node(4, 0, 0, 2, " ran", 0.7).Node(5, 0, 0, 2, " ate", 1.5).Node(6, 3, 1, 2, " sat", 0.3).Node(7, 3, 1, 2, " hid", 0.1)
        .Select(0, 5, 4).Finish(0, 5, "Tom ate", 1.5).Select(1, 6, 7).Finish(1, 6, "B sat", 0.3).Progress(2, 2)
        .End(5);
}
