using Microsoft.AspNetCore.Components;
using MudBlazor;
using RearPlayground.Data.Entities;
using RearPlayground.Web.Campaigns;
using RearPlayground.Web.Components.Pages.Campaigns;

namespace RearPlayground.Web.Components.Pages.History;

/// <summary>
/// An admin's campaigns from History: the runs picked (on any page), or every run the filter matches, go to the create
/// dialog, which also adds them to an open campaign. Only finished runs with two candidates or more can be judged: the
/// others are left out and the dialog says which and why.
/// </summary>
public sealed partial class HistoryPage
{
    [Inject] private CampaignService Campaigns { get; set; } = null!;

    private bool _admin;
    private bool _gathering;

    private async Task AddToCampaignAsync()
    {
        if (_selected.Count == 0) return;
        await GatherAsync(async () =>
        {
            var check = await Campaigns.CheckRunsAsync(_selected, CancellationToken.None);
            return new CampaignRunPreset(check.Eligible, "picked in History", check.LeftOut, []);
        });
    }

    /// <summary>Every run the filter matches, all pages, finished ones only; at most a campaign's worth, with a note saying so.</summary>
    private async Task CampaignFromFilterAsync()
    {
        var query = _filter.ToRunQuery();
        if (query.Status is { } status && status != RunStatus.Succeeded)
        {
            Snackbar.Add($"This filter lists {status.ToString().ToLowerInvariant()} runs only: a campaign takes runs that finished successfully.", Severity.Warning);
            return;
        }
        await GatherAsync(async () =>
        {
            var (ids, finished) = await Actions.MatchingIdsAsync(query with { Status = RunStatus.Succeeded }, CampaignService.MaxRuns);
            var (_, all) = await Actions.LoadAsync(query with { PageSize = 1 });
            List<string> notes = [];
            if (all > finished) notes.Add($"{all - finished} matching run(s) have not finished successfully and are left out.");
            if (finished > ids.Count)
                notes.Add($"The filter matches {finished:N0} finished runs; a campaign takes at most {CampaignService.MaxRuns:N0}: the first " +
                    $"{ids.Count:N0} in History's order are taken. Narrow the filter to choose others.");
            var check = await Campaigns.CheckRunsAsync(ids, CancellationToken.None);
            return new CampaignRunPreset(check.Eligible, "matching the History filter", check.LeftOut, notes);
        });
    }

    private async Task GatherAsync(Func<Task<CampaignRunPreset>> gather)
    {
        _gathering = true;
        CampaignRunPreset preset;
        try { preset = await gather(); }
        finally { _gathering = false; }
        if (preset.Runs.Count == 0)
        {
            var why = string.Join("; ", preset.Notes.Concat(preset.LeftOut.Take(5).Select(r => $"{Durations.Shorten(r.Question, 40)}: {r.Reason}")));
            Snackbar.Add($"None of these runs can be judged in a campaign (finished runs with two candidates or more only){(why.Length > 0 ? $": {why}" : ".")}",
                Severity.Warning);
            return;
        }
        var dialog = await Dialogs.ShowAsync<NewCampaignDialog>("Campaign from History",
            new DialogParameters<NewCampaignDialog> { { d => d.Caller, RearPlayground.Web.Annotations.AnnotationEndpoints.Annotator(_user) }, { d => d.Preset, preset } },
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false, Data: long id }) Navigation.NavigateTo($"/campaigns/{id}");
    }

    private void ClearSelection() => _selected.Clear();

    /// <summary>Admins: every run on this page, or none of them.</summary>
    private void SelectPage(bool selected)
    {
        foreach (var row in _rows)
        {
            _selected.Remove(row.Run.Id);
            if (selected) _selected.Add(row.Run.Id);
        }
    }

    private bool PageSelected => _rows.Count > 0 && _rows.All(r => _selected.Contains(r.Run.Id));
}
