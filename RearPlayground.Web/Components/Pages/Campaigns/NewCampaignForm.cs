using RearPlayground.Data.Campaigns;
using RearPlayground.Web.Campaigns;
using RearPlayground.Worker.Selection;

namespace RearPlayground.Web.Components.Pages.Campaigns;

/// <summary>What the create dialog holds, turned into the API's <see cref="CampaignCreate"/>; the service checks it.</summary>
public sealed class NewCampaignForm
{
    public string Name { get; set; } = "";
    public string Guidelines { get; set; } = "";
    public string Task { get; set; } = CampaignTasks.Best;
    public int ReviewsPerItem { get; set; } = 1;
    /// <summary>True: everyone with the annotator role; false: the users in <see cref="Annotators"/>.</summary>
    public bool EveryAnnotator { get; set; } = true;
    public HashSet<string> Annotators { get; } = new(StringComparer.OrdinalIgnoreCase);
    public HashSet<Guid> Runs { get; } = [];
    /// <summary>For the arena: the selectors compared, sent in the order <see cref="ArenaSelectors.Names"/> lists them.</summary>
    public HashSet<string> Selectors { get; } = [PoolSelectors.RearName, PoolSelectors.LikelihoodName];

    public CampaignCreate ToCreate() => new(Name, Guidelines, Task, ReviewsPerItem, [.. Runs],
        EveryAnnotator ? null : [.. Annotators.Order(StringComparer.Ordinal)], null)
    {
        Selectors = Task == CampaignTasks.Arena ? [.. ArenaSelectors.Names.Where(Selectors.Contains)] : null,
    };

    public static void Toggle<T>(HashSet<T> set, T value, bool on)
    {
        if (on) set.Add(value);
        else set.Remove(value);
    }
}

/// <summary>
/// Runs History hands the create dialog: those a campaign can take, where they came from ("picked in History"), those left
/// out with the reason, and notes (runs not listed, a cap reached).
/// </summary>
public sealed record CampaignRunPreset(IReadOnlyList<Guid> Runs, string Source, IReadOnlyList<LeftOutRun> LeftOut, IReadOnlyList<string> Notes);
