using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Runs;

/// <summary>
/// A job stores a tree node's token ids and ℓ0 / ℓp once, in its <c>nodeExpanded</c> event, and writes the node row with
/// <see cref="TreeNodeEntity.InEvent"/> in their place (each token's data is stored in the events and once more in its
/// candidate, not a third time). Readers of node rows get them filled from the events, as the row used to hold them.
/// </summary>
public static class NodeArrays
{
    public const string NodeExpandedType = "nodeExpanded";

    /// <summary>Fills the nodes (of one run or several) whose arrays are in their events, with one query for all.</summary>
    public static async Task FillAsync(RearDbContext db, IReadOnlyCollection<TreeNodeEntity> nodes, CancellationToken cancellationToken)
    {
        var wanting = nodes.Where(n => n.TokenIdsJson.Length == 0).ToLookup(n => n.RunId);
        if (wanting.Count == 0) return;
        var runIds = wanting.Select(g => g.Key).ToList();
        var events = await db.RunEvents.AsNoTracking()
            .Where(e => runIds.Contains(e.RunId) && e.Type == NodeExpandedType)
            .Select(e => new { e.RunId, e.PayloadJson }).ToListAsync(cancellationToken);
        foreach (var run in events.GroupBy(e => e.RunId))
        {
            var byId = wanting[run.Key].ToDictionary(n => n.NodeId);
            foreach (var e in run) Fill(byId, e.PayloadJson);
        }
    }

    // The arrays' JSON text as the event holds it: the same text the row held when rows carried them (camelCase, "-Infinity").
    private static void Fill(Dictionary<int, TreeNodeEntity> byId, string payload)
    {
        using var json = JsonDocument.Parse(payload);
        var root = json.RootElement;
        if (!byId.TryGetValue(root.GetProperty("nodeId").GetInt32(), out var node)) return;
        node.TokenIdsJson = root.GetProperty("tokenIds").GetRawText();
        node.LogProbsWithoutJson = root.GetProperty("logProbsWithout").GetRawText();
        node.LogProbsWithJson = root.GetProperty("logProbsWith").GetRawText();
    }
}
