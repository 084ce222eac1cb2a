using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Worker.Cli;
using RearPlayground.Worker.Engine.Generation;
using RearPlayground.Worker.Search.Events;

namespace RearPlayground.Worker.Jobs;

/// <summary>
/// Turns one run's search events into store writes: the event as JSON plus the rows it implies.
/// Holds the run's nodes so a finished candidate's tokens and ℓ0/ℓp can be put together from its path
/// (events name a candidate's last node only). One instance per run, fed in order.
/// </summary>
public sealed class EventMapper(Guid runId)
{
    private static readonly IReadOnlyDictionary<Type, string> TypeNames = typeof(SearchEvent)
        .GetCustomAttributes<JsonDerivedTypeAttribute>()
        .ToDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);

    private readonly Dictionary<int, NodeExpanded> _nodes = [];
    private readonly Dictionary<int, int> _candidateByNode = [];

    public Guid RunId { get; } = runId;

    /// <summary>Stored on the run with <see cref="RunStarted"/>.</summary>
    public string? ModelHash { get; set; }

    /// <summary>The JSON "type" discriminator of the event, e.g. "nodeExpanded".</summary>
    public static string TypeName(SearchEvent e) => TypeNames[e.GetType()];

    public EventWrite Map(SearchEvent e, DateTimeOffset at)
    {
        var write = new EventWrite(TypeName(e), EventJson.Serialize(e));
        var hash = ModelHash;
        return e switch
        {
            RunStarted s => write with
            {
                UpdateRun = r =>
                {
                    // A cancel that landed while the model loaded has already ended the run: keep that.
                    if (!r.Status.IsTerminal()) r.Status = RunStatus.Running;
                    r.StartedAt = at;
                    r.Device = s.Device;
                    r.ModelHash = hash ?? r.ModelHash;
                },
            },
            NodeExpanded n => write with { Nodes = [Node(n)] },
            NodeSelected s => write with { KeptNodeIds = [s.KeptId], PrunedNodeIds = s.PrunedIds },
            // The candidate's own node is kept: Best-of-N has no selection events, so this is where it is marked.
            CandidateFinished c => write with { Candidates = [Candidate(c)], KeptNodeIds = [c.NodeId] },
            RunFinished f => Finished(write, f, at),
            RunFailed f => write with { UpdateRun = r => End(r, RunStatus.Failed, at, f.Message) },
            RunCancelled => write with { UpdateRun = r => End(r, RunStatus.Cancelled, at, null) },
            _ => write,
        };
    }

    private TreeNodeEntity Node(NodeExpanded n)
    {
        _nodes[n.NodeId] = n;
        return new TreeNodeEntity
        {
            RunId = RunId,
            NodeId = n.NodeId,
            ParentId = n.ParentId,
            Subtree = n.Subtree,
            Depth = n.Depth,
            Text = n.Text,
            TokenIdsJson = Json(n.TokenIds),
            LogProbsWithoutJson = Json(n.LogProbsWithout),
            LogProbsWithJson = Json(n.LogProbsWith),
            Score = n.Score,
            Kept = false,
            FinishReason = Name(n.FinishReason),
        };
    }

    private CandidateEntity Candidate(CandidateFinished c)
    {
        // Root first: a DVTS path is the concatenation of its steps; a Best-of-N candidate is one node.
        var path = new List<NodeExpanded>();
        for (int? id = c.NodeId; id is { } i; id = path[^1].ParentId)
            path.Add(_nodes.TryGetValue(i, out var node) ? node
                : throw new InvalidOperationException($"candidate of subtree {c.Subtree} ends at node {i}, which was never expanded"));
        path.Reverse();
        _candidateByNode[c.NodeId] = c.Subtree;
        return new CandidateEntity
        {
            RunId = RunId,
            Index = c.Subtree,
            NodeId = c.NodeId,
            Text = c.Text,
            TokenIdsJson = Json(path.SelectMany(n => n.TokenIds).ToArray()),
            LogProbsWithoutJson = Json(path.SelectMany(n => n.LogProbsWithout).ToArray()),
            LogProbsWithJson = Json(path.SelectMany(n => n.LogProbsWith).ToArray()),
            Score = c.Score,
            FinishReason = Name(c.FinishReason),
        };
    }

    private EventWrite Finished(EventWrite write, RunFinished f, DateTimeOffset at)
    {
        int? best = _candidateByNode.TryGetValue(f.BestNodeId, out var index) ? index : null;
        var counts = JsonSerializer.Serialize(f.Counts, RunJson.Options);
        var timings = JsonSerializer.Serialize(f.Timings, RunJson.Options);
        return write with
        {
            UpdateRun = r =>
            {
                End(r, RunStatus.Succeeded, at, null);
                r.CountsJson = counts;
                r.TimingsJson = timings;
                r.Best = best;
            },
        };
    }

    private static void End(RunEntity r, RunStatus status, DateTimeOffset at, string? error)
    {
        r.Status = status;
        r.FinishedAt = at;
        if (error is not null) r.Error = error;
    }

    // −∞ log-probs are written as "-Infinity", as in the run --json contract.
    private static string Json<T>(T[] values) => JsonSerializer.Serialize(values, RunJson.Options);

    /// <summary>As in the event JSON: "eos", "length", "stop".</summary>
    public static string Name(FinishReason reason) => JsonNamingPolicy.CamelCase.ConvertName(reason.ToString());
}
