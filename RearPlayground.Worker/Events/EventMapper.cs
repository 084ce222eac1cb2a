using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Worker.Engine.Generation;
using RearPlayground.Worker.Search.Events;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Worker.Events;

/// <summary>
/// Turns one run's search events into store writes. During the run a write is the event alone (the run row changes
/// with its start); the run's final rows (candidates, status and results) go with the terminal event. Each token's data is
/// written once, in its node's nodeExpanded event: no node rows (the store rebuilds them, kept flags included, from the
/// events) and candidate rows without arrays (<see cref="TreeNodeEntity.InEvent"/>: the store joins them from the
/// candidate's path). One instance per run, fed in order.
/// </summary>
public sealed class EventMapper(Guid runId)
{
    private static readonly IReadOnlyDictionary<Type, string> TypeNames = typeof(SearchEvent)
        .GetCustomAttributes<JsonDerivedTypeAttribute>()
        .ToDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);

    private readonly Dictionary<int, NodeExpanded> _nodes = [];
    private readonly List<CandidateEntity> _candidates = [];

    public Guid RunId { get; } = runId;

    /// <summary>Stored on the run with <see cref="RunStarted"/>.</summary>
    public string? ModelHash { get; set; }

    /// <summary>The JSON "type" discriminator of the event, e.g. "nodeExpanded".</summary>
    public static string TypeName(SearchEvent e) => TypeNames[e.GetType()];

    /// <summary>The write for <paramref name="e"/>, which happened at <paramref name="at"/>.</summary>
    public EventWrite Map(SearchEvent e, DateTimeOffset at)
    {
        var write = new EventWrite(TypeName(e), EventJson.Serialize(e)) { At = at };
        var hash = ModelHash;
        switch (e)
        {
            case RunStarted s:
                return write with
                {
                    UpdateRun = r =>
                    {
                        r.RequestJson = WithStepRule(r.RequestJson, s);
                        // A cancel that landed while the model loaded has already ended the run: keep that.
                        if (!r.Status.IsTerminal()) r.Status = RunStatus.Running;
                        r.StartedAt = at;
                        r.Device = s.Device;
                        r.ModelHash = hash ?? r.ModelHash;
                    },
                };
            case NodeExpanded n:
                _nodes[n.NodeId] = n;
                return write;
            case NodeSelected s:
                foreach (var id in s.PrunedIds.Append(s.KeptId)) Known(id);
                return write;
            case CandidateFinished c:
                _candidates.Add(Candidate(c));
                return write;
            case BaselineFinished b:
                _candidates.Add(Baseline(b));
                return write;
            case RunFinished f:
                return Final(write, Finished(f, at));
            case RunFailed f:
                return Final(write, r => End(r, RunStatus.Failed, at, f.Message));
            case RunCancelled:
                return Final(write, r => End(r, RunStatus.Cancelled, at, null));
            case RunInterrupted i:
                return Final(write, r => End(r, RunStatus.Interrupted, at, i.Message));
            default:
                return write;
        }
    }

    /// <summary>
    /// A terminal event with the run's status only, no rows: the last resort when storing the run's record failed
    /// (the rows may be what failed).
    /// </summary>
    public static EventWrite Bare(RunFailed failed, DateTimeOffset at) =>
        new(TypeName(failed), EventJson.Serialize(failed)) { At = at, UpdateRun = r => End(r, RunStatus.Failed, at, failed.Message) };

    private EventWrite Final(EventWrite write, Action<RunEntity> update) =>
        write with { Candidates = [.. _candidates], UpdateRun = update };

    private void Known(int nodeId)
    {
        if (!_nodes.ContainsKey(nodeId)) throw new InvalidOperationException($"node {nodeId} was never expanded");
    }

    private CandidateEntity Candidate(CandidateFinished c)
    {
        // Root first: a DVTS path is the concatenation of its steps; a Best-of-N candidate is one node.
        var path = new List<NodeExpanded>();
        for (int? id = c.NodeId; id is { } i; id = path[^1].ParentId)
            path.Add(_nodes.TryGetValue(i, out var node) ? node
                : throw new InvalidOperationException($"candidate of subtree {c.Subtree} ends at node {i}, which was never expanded"));
        path.Reverse();
        return new CandidateEntity
        {
            RunId = RunId,
            Index = c.Subtree,
            NodeId = c.NodeId,
            Text = c.Text,
            TokenIdsJson = TreeNodeEntity.InEvent,
            LogProbsWithoutJson = TreeNodeEntity.InEvent,
            LogProbsWithJson = TreeNodeEntity.InEvent,
            Score = c.Score,
            FinishReason = Name(c.FinishReason),
        };
    }

    // A baseline is in no tree: its arrays are stored on its row (no node joins them), flagged so no pool reads it.
    private CandidateEntity Baseline(BaselineFinished b) => new()
    {
        RunId = RunId,
        Index = b.Index,
        NodeId = -1,
        Text = b.Text,
        TokenIdsJson = JsonSerializer.Serialize(b.TokenIds, StoredJson.Options),
        LogProbsWithoutJson = JsonSerializer.Serialize(b.LogProbsWithout, StoredJson.Options),
        LogProbsWithJson = JsonSerializer.Serialize(b.LogProbsWith, StoredJson.Options),
        Score = b.Score,
        FinishReason = Name(b.FinishReason),
        Baseline = b.Baseline,
    };

    private Action<RunEntity> Finished(RunFinished f, DateTimeOffset at)
    {
        int? best = _candidates.FirstOrDefault(c => c.Baseline is null && c.NodeId == f.BestNodeId)?.Index;
        var counts = JsonSerializer.Serialize(f.Counts, StoredJson.Options);
        var timings = JsonSerializer.Serialize(f.Timings, StoredJson.Options);
        var warnings = f.Warnings.Count > 0 ? JsonSerializer.Serialize(f.Warnings, StoredJson.Options) : null;
        return r =>
        {
            End(r, RunStatus.Succeeded, at, null);
            r.WarningsJson = warnings;
            r.CountsJson = counts;
            r.TimingsJson = timings;
            r.Best = best;
        };
    }

    // A DVTS request that left its step rule to the model stores the rule that ran, so history and re-runs show it. A
    // remote worker maps onto a scratch run without a request (only the web app's copy has it): nothing to rewrite there.
    // A guided run that left λ_g out stores the default it drew with, in the same way.
    private static string WithStepRule(string requestJson, RunStarted started)
    {
        if (string.IsNullOrWhiteSpace(requestJson)) return requestJson;
        if (started.Method != "dvts") return WithGuidance(requestJson, started);
        JsonObject? request;
        try { request = JsonNode.Parse(requestJson) as JsonObject; }
        catch (JsonException) { return requestJson; }
        if (request is null) return requestJson;
        request["stepTokens"] = started.Request.StepTokens;
        request["stop"] = started.Request.Stop;
        return request.ToJsonString(StoredJson.Options);
    }

    private static string WithGuidance(string requestJson, RunStarted started)
    {
        if (started.Request.Guidance is not { } guidance) return requestJson;
        JsonObject? request;
        try { request = JsonNode.Parse(requestJson) as JsonObject; }
        catch (JsonException) { return requestJson; }
        if (request is null || request["guidance"] is not null) return requestJson;
        request["guidance"] = guidance;
        return request.ToJsonString(StoredJson.Options);
    }

    private static void End(RunEntity r, RunStatus status, DateTimeOffset at, string? error)
    {
        r.Status = status;
        r.FinishedAt = at;
        if (error is not null) r.Error = error;
    }

    /// <summary>As in the event JSON: "eos", "length", "stop".</summary>
    public static string Name(FinishReason reason) => JsonNamingPolicy.CamelCase.ConvertName(reason.ToString());
}
