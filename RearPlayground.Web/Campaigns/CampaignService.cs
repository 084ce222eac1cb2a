using RearPlayground.Data.Campaigns;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Web.Accounts;
using RearPlayground.Web.Campaigns.Statistics;

namespace RearPlayground.Web.Campaigns;

/// <summary>
/// Setting up and running campaigns: the checks a new campaign passes (each naming its field), membership, close.
/// Judging lives in CampaignService.Work.cs, the dashboard figures and export in CampaignService.Report.cs.
/// </summary>
public sealed partial class CampaignService(ICampaignStore store, IRunStore runs, UserAdmin users, TimeProvider time, IConfiguration config)
{
    public const int MaxNameLength = 200, MaxGuidelinesLength = 100_000, MaxRuns = 10_000;

    /// <summary>How long /next holds an item for its annotator (Rear:Campaigns:LeaseMinutes, default 30).</summary>
    public TimeSpan LeaseTime => TimeSpan.FromMinutes(Math.Max(1, config.GetValue("Rear:Campaigns:LeaseMinutes", 30)));

    public async Task<CampaignResult<long>> CreateAsync(CampaignCreate body, string createdBy, CancellationToken ct)
    {
        var name = body.Name?.Trim();
        if (string.IsNullOrEmpty(name)) return CampaignResult<long>.Invalid("name", "a campaign needs a name");
        if (name.Length > MaxNameLength) return CampaignResult<long>.Invalid("name", $"a name has at most {MaxNameLength} characters");
        if ((body.Guidelines?.Length ?? 0) > MaxGuidelinesLength)
            return CampaignResult<long>.Invalid("guidelines", $"guidelines have at most {MaxGuidelinesLength} characters");
        var task = body.Task?.Trim().ToLowerInvariant();
        if (task is null || !CampaignTasks.All.Contains(task))
            return CampaignResult<long>.Invalid("task", $"task must be one of {string.Join(", ", CampaignTasks.All)}, not '{body.Task}'");
        if (body.PairsPerRun is < 1) return CampaignResult<long>.Invalid("pairsPerRun", "pairsPerRun must be at least 1");
        IReadOnlyList<string>? selectors = null;
        if (task == CampaignTasks.Arena)
        {
            (selectors, var selectorError) = ArenaItems.Check(body.Selectors);
            if (selectorError is not null) return CampaignResult<long>.Invalid("selectors", selectorError);
        }
        else if (body.Selectors is { Count: > 0 }) return CampaignResult<long>.Invalid("selectors", "selectors are for the arena task only");

        var (annotators, annotatorError) = await AnnotatorsAsync(body.Annotators);
        if (annotatorError is not null) return CampaignResult<long>.Invalid("annotators", annotatorError);
        if (body.ReviewsPerItem is not { } k || k < 1 || k > annotators.Count)
            return CampaignResult<long>.Invalid("reviewsPerItem",
                $"reviewsPerItem must be between 1 and the number of annotators ({annotators.Count}), not {body.ReviewsPerItem?.ToString() ?? "missing"}");

        if (body.RunIds is not { Count: > 0 } runIds) return CampaignResult<long>.Invalid("runIds", "a campaign needs at least one run");
        var built = await ItemsForRunsAsync(runIds, task, body.PairsPerRun, selectors, new HashSet<Guid>(), ct);
        if (!built.Ok) return CampaignResult<long>.Invalid(built.Field ?? "runIds", built.Message!);
        var items = built.Value!;
        var campaign = new CampaignEntity
        {
            Name = name, Guidelines = body.Guidelines ?? "", Task = task, ReviewsPerItem = k, Status = CampaignTasks.Open,
            CreatedBy = createdBy, CreatedAt = time.GetUtcNow(), PairsPerRun = task == CampaignTasks.Pairs ? body.PairsPerRun : null,
            SelectorsJson = selectors is null ? null : System.Text.Json.JsonSerializer.Serialize(selectors),
        };
        return CampaignResult<long>.Of(await store.CreateAsync(campaign, annotators, items, ct), StatusCodes.Status201Created);
    }

    /// <summary>The named users (each must exist), or everyone with the annotator role when none are named.</summary>
    private async Task<(IReadOnlyList<string> Names, string? Error)> AnnotatorsAsync(List<string>? named)
    {
        var all = await users.ListAsync();
        if (named is not { Count: > 0 })
            return ([.. all.Where(u => u.Roles.Contains(Roles.Annotator)).Select(u => u.Email).Order(StringComparer.Ordinal)], null);
        var known = all.ToDictionary(u => u.Email, u => u.Email, StringComparer.OrdinalIgnoreCase);
        var names = new List<string>();
        foreach (var name in named)
        {
            if (string.IsNullOrWhiteSpace(name) || !known.TryGetValue(name.Trim(), out var email)) return ([], $"no user '{name}'");
            if (!names.Contains(email)) names.Add(email);
        }
        return (names, null);
    }

    /// <summary>The campaigns the caller may see: all for admins, else those they are in.</summary>
    public Task<IReadOnlyList<CampaignEntity>> ListAsync(string caller, bool admin, CancellationToken ct) => store.ListAsync(admin ? null : caller, ct);

    /// <summary>The campaign when the caller may see it: 404 when missing, 403 for someone neither in it nor admin.</summary>
    public async Task<CampaignResult<CampaignEntity>> AccessAsync(long id, string caller, bool admin, CancellationToken ct)
    {
        var campaign = await store.FindAsync(id, ct);
        if (campaign is null) return CampaignResult<CampaignEntity>.Refuse(StatusCodes.Status404NotFound, $"no campaign {id}");
        if (!admin && !(await store.AnnotatorsAsync(id, ct)).Contains(caller))
            return CampaignResult<CampaignEntity>.Refuse(StatusCodes.Status403Forbidden, $"you are not an annotator of campaign {id}");
        return CampaignResult<CampaignEntity>.Of(campaign);
    }

    /// <summary>Only members judge (an admin outside the campaign too is refused).</summary>
    private async Task<CampaignResult<CampaignEntity>> MemberAsync(long id, string caller, CancellationToken ct)
    {
        var campaign = await store.FindAsync(id, ct);
        if (campaign is null) return CampaignResult<CampaignEntity>.Refuse(StatusCodes.Status404NotFound, $"no campaign {id}");
        return (await store.AnnotatorsAsync(id, ct)).Contains(caller) ? CampaignResult<CampaignEntity>.Of(campaign)
            : CampaignResult<CampaignEntity>.Refuse(StatusCodes.Status403Forbidden, $"you are not an annotator of campaign {id}");
    }

    public async Task<bool> SetStatusAsync(long id, string status, CancellationToken ct) => await store.SetStatusAsync(id, status, ct);
}
