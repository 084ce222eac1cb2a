using System.Text.Json;
using System.Text.Json.Nodes;
using RearPlayground.Data.Campaigns;
using RearPlayground.Data.Entities;

namespace RearPlayground.Web.Campaigns;

/// <summary>
/// Judging, blind: an annotator sees letters in their own order and the texts, never scores, indices or others'
/// judgments before their own; what they send in letters is stored in candidate indices with the order shown.
/// </summary>
public sealed partial class CampaignService
{
    /// <summary>The caller's next item (leased to them), null when nothing is left.</summary>
    public async Task<CampaignResult<ShownItem?>> NextAsync(long id, string caller, CancellationToken ct)
    {
        var member = await MemberAsync(id, caller, ct);
        if (!member.Ok) return CampaignResult<ShownItem?>.Refuse(member.Status, member.Message!);
        var item = await store.NextAsync(id, caller, time.GetUtcNow(), LeaseTime, ct);
        return CampaignResult<ShownItem?>.Of(item is null ? null : await ShowAsync(item, caller, ct));
    }

    /// <summary>Stores (or with <paramref name="replace"/>, replaces) the caller's judgment of an item.</summary>
    public async Task<CampaignResult<JsonObject>> JudgeAsync(long id, long itemId, string caller, JudgmentBody? body, bool replace, CancellationToken ct)
    {
        var member = await MemberAsync(id, caller, ct);
        if (!member.Ok) return CampaignResult<JsonObject>.Refuse(member.Status, member.Message!);
        if (body is null) return CampaignResult<JsonObject>.Invalid("body", "a judgment is required");
        var item = await JudgeableAsync(id, itemId, ct);
        if (item is null) return CampaignResult<JsonObject>.Refuse(StatusCodes.Status404NotFound, $"campaign {id} has no item {itemId}");
        var order = BlindOrder.For(item.Id, caller, await CandidateIndicesAsync(item, ct));
        var (value, field, message) = body.Skip == true ? SkipValue(body) : JudgmentValue(CampaignTasks.JudgedAs(member.Value!.Task), body, order);
        if (field is not null) return CampaignResult<JsonObject>.Invalid(field, message!);
        if (body.Comment is { Length: > 10_000 }) return CampaignResult<JsonObject>.Invalid("comment", "a comment has at most 10,000 characters");
        if (body.Seconds is { } s && (!double.IsFinite(s) || s < 0)) return CampaignResult<JsonObject>.Invalid("seconds", "seconds must be a non-negative number");
        var write = new JudgmentWrite(id, item.Id, caller, JsonSerializer.Serialize(order), value?.ToJsonString(),
            string.IsNullOrWhiteSpace(body.Comment) ? null : body.Comment.Trim(), body.Skip == true, body.Reason?.Trim(), body.Seconds);
        var outcome = await store.JudgeAsync(write, replace, time.GetUtcNow(), ct);
        if (outcome == JudgeOutcome.Ok)
        {
            var view = await ItemAsync(id, itemId, caller, ct);
            return view.Ok ? CampaignResult<JsonObject>.Of(view.Value!, replace ? StatusCodes.Status200OK : StatusCodes.Status201Created) : view;
        }
        return outcome switch
        {
            JudgeOutcome.Closed => CampaignResult<JsonObject>.Refuse(StatusCodes.Status409Conflict, $"campaign {id} is closed"),
            JudgeOutcome.AlreadyJudged => CampaignResult<JsonObject>.Refuse(StatusCodes.Status409Conflict,
                $"you have judged item {itemId} already: PUT replaces your judgment"),
            JudgeOutcome.Full => CampaignResult<JsonObject>.Refuse(StatusCodes.Status409Conflict, $"item {itemId} has all its reviews already"),
            JudgeOutcome.NotJudged => CampaignResult<JsonObject>.Refuse(StatusCodes.Status404NotFound, $"you have not judged item {itemId}: POST it first"),
            _ => CampaignResult<JsonObject>.Refuse(StatusCodes.Status404NotFound, $"campaign {id} has no item {itemId}"),
        };
    }

    /// <summary>The item as the caller sees it, their own judgment, and others' once they have judged it (skips count).</summary>
    public async Task<CampaignResult<JsonObject>> ItemAsync(long id, long itemId, string caller, CancellationToken ct)
    {
        var member = await MemberAsync(id, caller, ct);
        if (!member.Ok) return CampaignResult<JsonObject>.Refuse(member.Status, member.Message!);
        var item = await JudgeableAsync(id, itemId, ct);
        if (item is null) return CampaignResult<JsonObject>.Refuse(StatusCodes.Status404NotFound, $"campaign {id} has no item {itemId}");
        var shown = await ShowAsync(item, caller, ct);
        var order = BlindOrder.For(item.Id, caller, await CandidateIndicesAsync(item, ct));
        var judgments = await store.ItemJudgmentsAsync(item.Id, ct);
        var own = judgments.SingleOrDefault(j => j.Annotator == caller);
        var json = (JsonObject)JsonSerializer.SerializeToNode(shown, JsonSerializerOptions.Web)!;
        json["judgment"] = own is null ? null : View(own, order);
        // Others' judgments, in the caller's own letters, only after the caller's: judging stays independent.
        json["others"] = own is null ? null : new JsonArray([.. judgments.Where(j => j.Annotator != caller).Select(j => (JsonNode)View(j, order))]);
        return CampaignResult<JsonObject>.Of(json);
    }

    /// <summary>The item, unless it is missing or an arena tie recorded without asking anyone (no work, so no item to anyone).</summary>
    private async Task<CampaignItemEntity?> JudgeableAsync(long id, long itemId, CancellationToken ct) =>
        await store.ItemAsync(id, itemId, ct) is { } item && !CampaignTasks.IsRecordedTie(item) ? item : null;

    private async Task<ShownItem> ShowAsync(CampaignItemEntity item, string caller, CancellationToken ct)
    {
        var run = await runs.FindAsync(item.RunId, ct) ?? throw new KeyNotFoundException($"No run {item.RunId}.");
        // Baseline rows too: an arena pick may be the greedy baseline, stored beside the pool.
        var texts = (await runs.CandidatesAsync(item.RunId, ct)).Concat(await runs.BaselinesAsync(item.RunId, ct))
            .ToDictionary(c => c.Index, c => c.Text);
        // An arena side picked from another run of the question (guided, guided-bon): its text from that run.
        if (ArenaSides.CrossRun(item) && ArenaSides.Of(item) is var (first, second))
            foreach (var (key, side) in new[] { (item.First!.Value, first), (item.Second!.Value, second) })
                if (side.RunId != item.RunId)
                    texts[key] = (await runs.CandidatesAsync(side.RunId, ct)).Concat(await runs.BaselinesAsync(side.RunId, ct))
                        .First(c => c.Index == side.Index).Text;
        var order = BlindOrder.For(item.Id, caller, await CandidateIndicesAsync(item, ct));
        return new ShownItem(item.Id, run.Question, run.Preference,
            [.. order.Select((index, position) => new ShownCandidate(BlindOrder.Label(position), texts[index]))]);
    }

    private async Task<int[]> CandidateIndicesAsync(CampaignItemEntity item, CancellationToken ct) =>
        item is { First: { } first, Second: { } second } ? [first, second]
            : [.. (await runs.CandidatesAsync(item.RunId, ct)).Select(c => c.Index).Order()];

    private static (JsonObject? Value, string? Field, string? Message) SkipValue(JudgmentBody body) =>
        string.IsNullOrWhiteSpace(body.Reason) ? (null, "reason", "a skip needs a reason") : (null, null, null);

    /// <summary>The judgment in candidate indices, or the field at fault.</summary>
    private static (JsonObject? Value, string? Field, string? Message) JudgmentValue(string task, JudgmentBody body, int[] order)
    {
        var labels = order.Select((_, position) => BlindOrder.Label(position)).ToList();
        int? Index(string? label) => labels.FindIndex(l => string.Equals(l, label?.Trim(), StringComparison.OrdinalIgnoreCase)) is var p and >= 0 ? order[p] : null;
        var shown = string.Join(", ", labels);
        switch (task)
        {
            case CampaignTasks.Best:
                return Index(body.Best) is { } best ? (new JsonObject { ["best"] = best }, null, null)
                    : (null, "best", $"best must be one of the labels shown ({shown}), not '{body.Best}'");
            case CampaignTasks.Rank:
                var ranking = body.Ranking?.Select(Index).ToList();
                if (ranking is null || ranking.Count != order.Length || ranking.Any(r => r is null) || ranking.Distinct().Count() != order.Length)
                    return (null, "ranking", $"ranking must hold every label shown ({shown}) once");
                return (new JsonObject { ["ranking"] = new JsonArray([.. ranking.Select(r => (JsonNode)r!.Value)]) }, null, null);
            default:
                if (string.Equals(body.Winner?.Trim(), "tie", StringComparison.OrdinalIgnoreCase)) return (new JsonObject { ["winner"] = "tie" }, null, null);
                return Index(body.Winner) is { } winner ? (new JsonObject { ["winner"] = winner }, null, null)
                    : (null, "winner", $"winner must be one of {shown} or tie, not '{body.Winner}'");
        }
    }

    /// <summary>A judgment in the viewer's letters (the viewer's order), never in indices.</summary>
    private static JsonObject View(CampaignJudgmentEntity judgment, int[] viewerOrder)
    {
        string Label(int index) => BlindOrder.Label(Array.IndexOf(viewerOrder, index));
        var json = new JsonObject { ["annotator"] = judgment.Annotator, ["skipped"] = judgment.Skipped };
        if (judgment.Skipped) json["reason"] = judgment.SkipReason;
        var value = judgment.ValueJson is null ? null : JsonNode.Parse(judgment.ValueJson)!.AsObject();
        if (value?["best"] is { } best) json["best"] = Label(best.GetValue<int>());
        if (value?["ranking"] is JsonArray ranking) json["ranking"] = JsonValues.Array(ranking.Select(r => Label(r!.GetValue<int>())));
        if (value?["winner"] is JsonValue winner)
            json["winner"] = winner.TryGetValue<int>(out var w) ? Label(w) : "tie";
        json["comment"] = judgment.Comment;
        return json;
    }
}
