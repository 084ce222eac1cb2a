using System.Text.Json.Serialization;
using RearPlayground.Worker.Engine.Generation;
using RearPlayground.Worker.Search.Warnings;

namespace RearPlayground.Worker.Search.Events;

/// <summary>
/// One step of a search, in order: enough to redraw the run live, store it and replay it exactly.
/// Node ids are unique within a run; a node's parent (null = the prompt) always comes before it.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RunStarted), "runStarted")]
[JsonDerivedType(typeof(NodeExpanded), "nodeExpanded")]
[JsonDerivedType(typeof(NodeSelected), "nodeSelected")]
[JsonDerivedType(typeof(CandidateFinished), "candidateFinished")]
[JsonDerivedType(typeof(BaselineFinished), "baselineFinished")]
[JsonDerivedType(typeof(ProgressReported), "progress")]
[JsonDerivedType(typeof(PartialText), "partialText")]
[JsonDerivedType(typeof(RunFinished), "runFinished")]
[JsonDerivedType(typeof(RunFailed), "runFailed")]
[JsonDerivedType(typeof(RunCancelled), "runCancelled")]
[JsonDerivedType(typeof(RunInterrupted), "runInterrupted")]
public abstract record SearchEvent
{
    /// <summary>True for the events that end a stream: finished, failed, cancelled or interrupted.</summary>
    [JsonIgnore]
    public virtual bool IsTerminal => false;
}

/// <summary>The resolved request and where it runs.</summary>
public sealed record RunStarted(string Method, string Scorer, SearchRequest Request, ModelFacts Model, string Device,
    int[] ContextWithout, int[] ContextWith) : SearchEvent;

/// <summary>A new node: one candidate (Best-of-N) or one step of a subtree's path (DVTS), scored on its whole path.</summary>
public sealed record NodeExpanded(int NodeId, int? ParentId, int Subtree, int Depth, string Text, int[] TokenIds,
    float[] LogProbsWithout, float[] LogProbsWith, double Score, FinishReason FinishReason) : SearchEvent;

/// <summary>DVTS keeps one child per subtree and prunes its siblings.</summary>
public sealed record NodeSelected(int Subtree, int KeptId, int[] PrunedIds) : SearchEvent;

/// <summary>A complete response: a Best-of-N candidate, or a DVTS subtree's final path.</summary>
public sealed record CandidateFinished(int Subtree, int NodeId, string Text, double Score, FinishReason FinishReason) : SearchEvent;

/// <summary>
/// An extra candidate outside the run's pool (<see cref="Baseline"/> "greedy": the run option includeGreedy), with its
/// tokens and ℓ0 / ℓp so the live view, replay and the stored run show the same thing. Emitted once, just before
/// <see cref="RunFinished"/>; never ranked among the candidates nor the run's best.
/// </summary>
public sealed record BaselineFinished(string Baseline, int Index, string Text, int[] TokenIds, float[] LogProbsWithout,
    float[] LogProbsWith, double Score, FinishReason FinishReason) : SearchEvent;

/// <summary>Progress while running: iteration (step) i of max, tokens so far, throughput.</summary>
public sealed record ProgressReported(int Step, int MaxSteps, int GeneratedTokens, double TokensPerSecond) : SearchEvent;

/// <summary>
/// Best-of-N while sampling: the candidates' texts so far, as changes. Candidate <c>Index</c>'s text becomes its
/// first <c>From</c> characters followed by <c>Text</c> (usually <c>From</c> is the old length: an append).
/// </summary>
public sealed record PartialText(int GeneratedTokens, TextDelta[] Deltas) : SearchEvent;

public sealed record TextDelta(int Index, int From, string Text);

public sealed record RunFinished(int BestNodeId, SearchCounts Counts, SearchTimings Timings) : SearchEvent
{
    public override bool IsTerminal => true;

    /// <summary>
    /// What a reader should know about how the search went, as <c>{code, message}</c>: a tree search that ended after one
    /// step, a scorer that said nothing (<see cref="ScoreWarnings"/>). Events stored with plain strings still read.
    /// </summary>
    public IReadOnlyList<RunWarning> Warnings { get; init; } = [];
}

public sealed record RunFailed(string Message) : SearchEvent
{
    public override bool IsTerminal => true;
}

public sealed record RunCancelled : SearchEvent
{
    public override bool IsTerminal => true;
}

/// <summary>Appended by the web app at start-up to a run a dead process left running: never emitted by a search.</summary>
public sealed record RunInterrupted(string Message) : SearchEvent
{
    public override bool IsTerminal => true;
}
