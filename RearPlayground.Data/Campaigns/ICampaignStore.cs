using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Campaigns;

/// <summary>
/// Team annotation campaigns. The assignment (<see cref="NextAsync"/>) and the judgment writes each run in one IMMEDIATE
/// transaction, so two annotators at the same moment never take or fill an item past K.
/// </summary>
public interface ICampaignStore
{
    /// <summary>Stores the campaign with its members and items (in the order given); returns its id.</summary>
    Task<long> CreateAsync(CampaignEntity campaign, IReadOnlyList<string> annotators, IReadOnlyList<CampaignItemEntity> items,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds items for runs not yet in the campaign, in one transaction: none are added when the campaign is missing, closed,
    /// or already has items of one of these runs (those runs are answered).
    /// </summary>
    Task<ItemsAdded> AddItemsAsync(long campaignId, IReadOnlyList<CampaignItemEntity> items, CancellationToken cancellationToken = default);

    /// <summary>
    /// For each of <paramref name="runIds"/> that exists: its status, question and the number of candidates in its pool
    /// (baseline rows left out), read in a few queries rather than a run and all its candidate rows per run.
    /// </summary>
    Task<IReadOnlyDictionary<Guid, RunFacts>> RunFactsAsync(IReadOnlyCollection<Guid> runIds, CancellationToken cancellationToken = default);

    /// <summary>The runs a campaign's items come from.</summary>
    Task<IReadOnlyList<Guid>> RunIdsAsync(long campaignId, CancellationToken cancellationToken = default);

    Task<CampaignEntity?> FindAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>All campaigns (<paramref name="member"/> null) or those <paramref name="member"/> is in, newest first.</summary>
    Task<IReadOnlyList<CampaignEntity>> ListAsync(string? member, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<string>> AnnotatorsAsync(long campaignId, CancellationToken cancellationToken = default);

    Task<CampaignItemEntity?> ItemAsync(long campaignId, long itemId, CancellationToken cancellationToken = default);

    /// <summary>A campaign's items, in id order (the team's answers and the disagreement list read them all at once).</summary>
    Task<IReadOnlyList<CampaignItemEntity>> ItemsAsync(long campaignId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The caller's next item, leased to them until <paramref name="now"/> + <paramref name="leaseTime"/>: the item they hold
    /// a live lease on, else one they have not judged (skips count) with fewer than K judgments and fewer than K judgments
    /// plus others' live leases, closest to completion first; never an arena tie (First = Second). Null when nothing is left or the campaign is closed.
    /// </summary>
    Task<CampaignItemEntity?> NextAsync(long campaignId, string annotator, DateTimeOffset now, TimeSpan leaseTime,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores (<paramref name="replace"/> false) or replaces the caller's judgment. Closed, AlreadyJudged (a second store),
    /// NotJudged (replacing none), Full (K others have judged it already), NotFound (no such item in the campaign).
    /// </summary>
    Task<JudgeOutcome> JudgeAsync(JudgmentWrite write, bool replace, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>An item's judgments, oldest first.</summary>
    Task<IReadOnlyList<CampaignJudgmentEntity>> ItemJudgmentsAsync(long itemId, CancellationToken cancellationToken = default);

    /// <summary>A campaign's judgments, by item then time: the export's lines and the agreement's data.</summary>
    Task<IReadOnlyList<CampaignJudgmentEntity>> JudgmentsAsync(long campaignId, CancellationToken cancellationToken = default);

    /// <summary>Items, judgments (skips left out) and each member's progress.</summary>
    Task<(int Items, int Judgments, IReadOnlyList<AnnotatorProgress> Progress)> CountsAsync(long campaignId,
        CancellationToken cancellationToken = default);

    /// <summary>Sets the status; false when there is no such campaign.</summary>
    Task<bool> SetStatusAsync(long campaignId, string status, CancellationToken cancellationToken = default);
}
