using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Runs;

/// <summary>
/// A run's tree and candidates as the store gives them back. A job stores each node once, in its <c>nodeExpanded</c>
/// event (token ids, ℓ0, ℓp and all): no node rows, and candidate rows without arrays (<see cref="TreeNodeEntity.InEvent"/>).
/// Readers get the rows rebuilt from the events, as they were stored before: a node's arrays are its event's JSON text,
/// a candidate's the concatenation of its path's (the same text the serializer wrote for the joined arrays), kept flags as
/// the selections and finished candidates set them. Runs stored earlier keep their rows and read as before.
/// </summary>
public static class NodeArrays
{
    public const string NodeExpandedType = "nodeExpanded";
    private static readonly string[] TreeTypes = [NodeExpandedType, "nodeSelected", "candidateFinished"];

    /// <summary>Fills the nodes (of one run or several) whose arrays are in their events, with one query for all.</summary>
    public static async Task FillAsync(RearDbContext db, IReadOnlyCollection<TreeNodeEntity> nodes, CancellationToken cancellationToken)
    {
        var wanting = nodes.Where(n => n.TokenIdsJson.Length == 0).ToLookup(n => n.RunId);
        if (wanting.Count == 0) return;
        var events = await PackedEvents.LoadAsync(db, [.. wanting.Select(g => g.Key)], 0, NodeExpandedType, cancellationToken);
        foreach (var run in events.GroupBy(e => e.RunId))
        {
            var byId = wanting[run.Key].ToDictionary(n => n.NodeId);
            foreach (var e in run)
            {
                using var json = JsonDocument.Parse(e.PayloadJson);
                var root = json.RootElement;
                if (!byId.TryGetValue(root.GetProperty("nodeId").GetInt32(), out var row)) continue;
                row.TokenIdsJson = root.GetProperty("tokenIds").GetRawText();
                row.LogProbsWithoutJson = root.GetProperty("logProbsWithout").GetRawText();
                row.LogProbsWithJson = root.GetProperty("logProbsWith").GetRawText();
            }
        }
    }

    /// <summary>The runs' tree nodes: their rows (arrays filled) or, for runs stored without node rows, rebuilt from the events.</summary>
    public static async Task<ILookup<Guid, TreeNodeEntity>> NodesAsync(RearDbContext db, IReadOnlyCollection<Guid> runIds,
        CancellationToken cancellationToken)
    {
        var rows = await db.TreeNodes.AsNoTracking().Where(n => runIds.Contains(n.RunId)).ToListAsync(cancellationToken);
        await FillAsync(db, rows, cancellationToken);
        var withRows = rows.Select(n => n.RunId).ToHashSet();
        var rest = runIds.Where(id => !withRows.Contains(id)).ToList();
        if (rest.Count > 0)
        {
            var events = await PackedEvents.LoadAsync(db, rest, 0, null, cancellationToken);
            foreach (var run in events.GroupBy(e => e.RunId)) rows.AddRange(Rebuild(run.Key, run));
        }
        return rows.OrderBy(n => n.NodeId).ToLookup(n => n.RunId);
    }

    /// <summary>Fills candidates stored without arrays from their paths (root first), given their runs' nodes.</summary>
    public static void FillCandidates(IEnumerable<CandidateEntity> candidates, ILookup<Guid, TreeNodeEntity> nodes)
    {
        foreach (var run in candidates.Where(c => c.TokenIdsJson.Length == 0).GroupBy(c => c.RunId))
        {
            var byId = nodes[run.Key].ToDictionary(n => n.NodeId);
            foreach (var c in run)
            {
                var path = new List<TreeNodeEntity>();
                for (int? id = c.NodeId; id is { } i && byId.TryGetValue(i, out var node); id = node.ParentId) path.Add(node);
                path.Reverse();
                c.TokenIdsJson = Join(path.Select(n => n.TokenIdsJson));
                c.LogProbsWithoutJson = Join(path.Select(n => n.LogProbsWithoutJson));
                c.LogProbsWithJson = Join(path.Select(n => n.LogProbsWithJson));
            }
        }
    }

    // "[1,2]" + "[3]" → "[1,2,3]": what serializing the joined array writes (no spaces; elements formatted alike).
    private static string Join(IEnumerable<string> arrays) =>
        "[" + string.Join(",", arrays.Select(a => a[1..^1]).Where(inner => inner.Length > 0)) + "]";

    // The rows EventMapper used to write: nodes as expanded, kept = selected or the end of a finished candidate.
    private static IEnumerable<TreeNodeEntity> Rebuild(Guid runId, IEnumerable<RunEventEntity> events)
    {
        var nodes = new Dictionary<int, TreeNodeEntity>();
        foreach (var e in events.Where(e => TreeTypes.Contains(e.Type)))
        {
            if (e.Type == NodeExpandedType)
            {
                var node = Parse(runId, e.PayloadJson);
                nodes[node.NodeId] = node;
                continue;
            }
            using var json = JsonDocument.Parse(e.PayloadJson);
            var root = json.RootElement;
            if (e.Type == "candidateFinished") Flag(root.GetProperty("nodeId").GetInt32(), true);
            else
            {
                Flag(root.GetProperty("keptId").GetInt32(), true);
                foreach (var id in root.GetProperty("prunedIds").EnumerateArray()) Flag(id.GetInt32(), false);
            }
        }
        return nodes.Values;

        void Flag(int id, bool kept)
        {
            if (nodes.TryGetValue(id, out var node)) node.Kept = kept;
        }
    }

    // The arrays' JSON text as the event holds it: the same text the row held when rows carried them (camelCase, "-Infinity").
    private static TreeNodeEntity Parse(Guid runId, string payload)
    {
        using var json = JsonDocument.Parse(payload);
        var root = json.RootElement;
        return new TreeNodeEntity
        {
            RunId = runId,
            NodeId = root.GetProperty("nodeId").GetInt32(),
            ParentId = root.GetProperty("parentId").ValueKind == JsonValueKind.Null ? null : root.GetProperty("parentId").GetInt32(),
            Subtree = root.GetProperty("subtree").GetInt32(),
            Depth = root.GetProperty("depth").GetInt32(),
            Text = root.GetProperty("text").GetString()!,
            TokenIdsJson = root.GetProperty("tokenIds").GetRawText(),
            LogProbsWithoutJson = root.GetProperty("logProbsWithout").GetRawText(),
            LogProbsWithJson = root.GetProperty("logProbsWith").GetRawText(),
            Score = root.GetProperty("score") is { ValueKind: JsonValueKind.String } named
                ? double.Parse(named.GetString()!, System.Globalization.CultureInfo.InvariantCulture) // "-Infinity"
                : root.GetProperty("score").GetDouble(),
            FinishReason = root.GetProperty("finishReason").GetString()!,
        };
    }
}
