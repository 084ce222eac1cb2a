namespace RearPlayground.Data.Entities;

/// <summary>
/// A team annotation campaign: runs split into items, each judged by <see cref="ReviewsPerItem"/> annotators under the
/// guidelines. Task: <c>best</c>, <c>rank</c>, <c>pairs</c> or <c>arena</c> (see <see cref="Campaigns.CampaignTasks"/>); status <c>open</c> | <c>closed</c>.
/// </summary>
public sealed class CampaignEntity
{
    public long Id { get; set; }
    public required string Name { get; set; }
    /// <summary>Markdown, shown beside every item.</summary>
    public required string Guidelines { get; set; }
    public required string Task { get; set; }
    public int ReviewsPerItem { get; set; }
    public required string Status { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>For <c>pairs</c>: the pair budget per run (null: the default, 2N).</summary>
    public int? PairsPerRun { get; set; }
    /// <summary>For <c>arena</c>: the selectors compared (a JSON array of names, at least two).</summary>
    public string? SelectorsJson { get; set; }
}

/// <summary>A member of a campaign: a user name, as annotations name their author.</summary>
public sealed class CampaignAnnotatorEntity
{
    public long CampaignId { get; set; }
    public required string Annotator { get; set; }
}

/// <summary>One thing to judge: a run (best, rank) or one pair of its candidates (pairs, arena).</summary>
public sealed class CampaignItemEntity
{
    public long Id { get; set; }
    public long CampaignId { get; set; }
    public Guid RunId { get; set; }
    /// <summary>For pairs: the two candidate indices; null for best and rank (all the run's candidates).</summary>
    public int? First { get; set; }
    public int? Second { get; set; }
    /// <summary>
    /// For arena: the selectors whose picks are <see cref="First"/> and <see cref="Second"/>. Picks that are the same
    /// candidate (First = Second) are a tie recorded without asking anyone: such an item is never handed out.
    /// </summary>
    public string? FirstSelector { get; set; }
    public string? SecondSelector { get; set; }
}

/// <summary>
/// An annotator's judgment of an item (one per item and annotator). OrderJson: the candidate indices in the order shown
/// (label A is the first). ValueJson: the judgment mapped back to candidate indices — <c>{"best":i}</c>,
/// <c>{"ranking":[i,…]}</c> or <c>{"winner":i}</c> / <c>{"winner":"tie"}</c>; null when skipped.
/// </summary>
public sealed class CampaignJudgmentEntity
{
    public long Id { get; set; }
    public long CampaignId { get; set; }
    public long ItemId { get; set; }
    public required string Annotator { get; set; }
    public required string OrderJson { get; set; }
    public string? ValueJson { get; set; }
    public string? Comment { get; set; }
    public bool Skipped { get; set; }
    public string? SkipReason { get; set; }
    public double? Seconds { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
}

/// <summary>An item handed to an annotator by /next, held for them until it expires.</summary>
public sealed class CampaignLeaseEntity
{
    public long ItemId { get; set; }
    public required string Annotator { get; set; }
    public long CampaignId { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
