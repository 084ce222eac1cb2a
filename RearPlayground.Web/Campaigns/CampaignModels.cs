using System.Text.Json.Nodes;

namespace RearPlayground.Web.Campaigns;

/// <summary>
/// POST /api/campaigns. Annotators: user names (e-mails); empty or missing means everyone with the annotator role.
/// Selectors: for task arena only, at least two of rear, likelihood, preference, random, genrm, greedy, guided, guided-bon
/// (the last two pick from runs of their own: the runs are then taken by question, see <see cref="ArenaSelectors"/>).
/// </summary>
public sealed record CampaignCreate(string? Name, string? Guidelines, string? Task, int? ReviewsPerItem, List<Guid>? RunIds,
    List<string>? Annotators, int? PairsPerRun)
{
    public List<string>? Selectors { get; init; }
}

/// <summary>POST /api/campaigns/{id}/runs: runs to add to an open campaign.</summary>
public sealed record CampaignRunsAdd(List<Guid>? RunIds);

/// <summary>A judgment as the caller sends it, in the labels they were shown.</summary>
public sealed record JudgmentBody(string? Best, List<string>? Ranking, string? Winner, string? Comment, bool? Skip, string? Reason, double? Seconds);

/// <summary>A candidate as an annotator sees it: a letter and the text, nothing else.</summary>
public sealed record ShownCandidate(string Label, string Text);

/// <summary>An item as shown to one annotator.</summary>
public sealed record ShownItem(long ItemId, string Question, string? Preference, IReadOnlyList<ShownCandidate> Candidates);

/// <summary>
/// What a service call came to: a value, or a refusal with its status, the field at fault (null: none) and why.
/// </summary>
public sealed record CampaignResult<T>(T? Value, int Status, string? Field, string? Message)
{
    public bool Ok => Message is null;
    public static CampaignResult<T> Of(T value, int status = StatusCodes.Status200OK) => new(value, status, null, null);
    public static CampaignResult<T> Refuse(int status, string message, string? field = null) => new(default, status, field, message);
    public static CampaignResult<T> Invalid(string field, string message) => Refuse(StatusCodes.Status400BadRequest, message, field);
}

internal static class JsonValues
{
    public static JsonArray Array(IEnumerable<string> items) => new([.. items.Select(i => (JsonNode)JsonValue.Create(i)!)]);
}
