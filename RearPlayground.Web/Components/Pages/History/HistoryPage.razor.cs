using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using MudBlazor;
using RearPlayground.Web.Components.Shared;
using RearPlayground.Data.Runs;
using RearPlayground.Web.History;
using RearPlayground.Web.Runs;

namespace RearPlayground.Web.Components.Pages.History;

/// <summary>
/// The history: the URL is the one source of the filter, sort and page (parsed on load and on every navigation,
/// so shared links and the back button work); the table loads that page from the store. Refreshes every 2 s while a
/// shown run is queued or running.
/// </summary>
public sealed partial class HistoryPage
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(2);

    [Inject] private HistoryActions Actions { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;
    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    private MudTable<HistoryRow>? _table;
    private HistoryFilter _filter = new();
    private ClaimsPrincipal _user = new();
    private RunFacets? _facets;
    private IReadOnlyList<HistoryRow> _rows = [];
    private int _total;
    private readonly List<Guid> _selected = [];
    private readonly HashSet<Guid> _expanded = [];
    private readonly Poller _refresh = new(RefreshEvery);
    private bool _disposed;

    private string? CompareUrl => _selected.Count == 2 ? $"/runs/compare?a={_selected[0]}&b={_selected[1]}" : null;

    protected override async Task OnInitializedAsync()
    {
        _filter = HistoryFilter.FromUri(Navigation.Uri);
        Navigation.LocationChanged += OnLocationChanged;
        if (AuthState is not null) _user = (await AuthState).User;
        _admin = _user.IsInRole(RearPlayground.Web.Accounts.Roles.Admin);
        _facets = await Actions.FacetsAsync();
        _refresh.Start(async _ =>
        {
            // A refresh that fails (the circuit closing, the store busy) is tried again at the next tick.
            try { if (!_disposed) await InvokeAsync(RefreshActiveAsync); }
            catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException) { }
            return !_disposed;
        });
    }

    private async Task<TableData<HistoryRow>> LoadAsync(TableState state, CancellationToken ct)
    {
        var filter = _filter;
        var (items, total) = await Actions.LoadAsync(filter.ToRunQuery(), ct);
        IReadOnlyList<HistoryRow> rows = [.. items.Select(i => HistoryRow.For(i.Run, i.Extras, _user))];
        if (rows.Count == 0 && total > 0 && filter.Page > 1)
        {
            // Past the last page (runs were deleted or filtered away): show the last one instead.
            _ = InvokeAsync(() => ApplyAsync(filter with { Page = (total + filter.PageSize - 1) / filter.PageSize }));
        }
        (_rows, _total) = (rows, total);
        return new TableData<HistoryRow> { Items = rows, TotalItems = total };
    }

    /// <summary>A change made on the page: into the URL (a history entry), then the table.</summary>
    private async Task ApplyAsync(HistoryFilter filter)
    {
        if (filter == _filter) return;
        _filter = filter;
        Navigation.NavigateTo(filter.ToUrl());
        await ReloadAsync();
    }

    /// <summary>Back / forward or a link to another filter: the URL wins.</summary>
    private void OnLocationChanged(object? sender, LocationChangedEventArgs e)
    {
        if (!IsHistoryUrl(e.Location)) return;
        var filter = HistoryFilter.FromUri(e.Location);
        if (filter == _filter) return;
        _filter = filter;
        _ = InvokeAsync(ReloadAsync);
    }

    private bool IsHistoryUrl(string uri)
    {
        var path = "/" + Navigation.ToBaseRelativePath(uri).Split('?', '#')[0].TrimEnd('/');
        return string.Equals(path, HistoryFilter.Path, StringComparison.OrdinalIgnoreCase);
    }

    private async Task ReloadAsync()
    {
        if (_table is not null) await _table.ReloadServerData();
        StateHasChanged();
    }

    private async Task RefreshActiveAsync()
    {
        if (_disposed || !_rows.Any(r => r.IsActive)) return;
        await ReloadAsync();
    }

    private SortDirection Direction(RunSort sort) =>
        _filter.Sort != sort ? SortDirection.None : _filter.Descending ? SortDirection.Descending : SortDirection.Ascending;

    private Task SortAsync(RunSort sort, SortDirection direction) =>
        // The other columns' labels report None when one is picked: not a choice.
        direction == SortDirection.None ? Task.CompletedTask : ApplyAsync(_filter.SortBy(sort, direction == SortDirection.Descending));

    private void OpenRow(TableRowClickEventArgs<HistoryRow> e)
    {
        if (e.Item is { } row) Navigation.NavigateTo($"/runs/{row.Run.Id}");
    }

    /// <summary>
    /// Two runs at most, for Compare: picking a third drops the one picked first. Admins pick any number (for a campaign);
    /// Compare then needs exactly two.
    /// </summary>
    private void Select(HistoryRow row, bool selected)
    {
        _selected.Remove(row.Run.Id);
        if (!selected) return;
        _selected.Add(row.Run.Id);
        if (!_admin && _selected.Count > 2) _selected.RemoveAt(0);
    }

    private void Expand(HistoryRow row, bool expanded)
    {
        if (expanded) _expanded.Add(row.Run.Id);
        else _expanded.Remove(row.Run.Id);
    }

    private async Task RerunAsync((HistoryRow Row, RerunSeed Seed) rerun)
    {
        var id = await Actions.RerunAsync(rerun.Row.Run.Id, _user, rerun.Seed);
        if (id is { } newId) Navigation.NavigateTo($"/runs/{newId}");
        else Snackbar.Add("This run can no longer be run again (it was deleted, its request is unreadable, or its model is gone).", Severity.Error);
    }

    private async Task CancelAsync(HistoryRow row)
    {
        var cancelled = await Actions.CancelAsync(row.Run.Id, _user);
        Snackbar.Add(cancelled ? "Cancelling the run." : "The run had already ended.", cancelled ? Severity.Info : Severity.Warning);
        await ReloadAsync();
    }

    private async Task DeleteAsync(HistoryRow row)
    {
        var dialog = await Dialogs.ShowAsync<ConfirmDeleteDialog>("Delete run",
            new DialogParameters<ConfirmDeleteDialog> { { d => d.Question, row.Run.Question } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if ((await dialog.Result)?.Canceled != false) return;
        var result = await Actions.DeleteAsync(row.Run.Id, _user);
        Snackbar.Add(HistoryActions.Message(result), result == RunDeletion.Deleted ? Severity.Success : Severity.Error);
        _selected.Remove(row.Run.Id);
        _facets = await Actions.FacetsAsync();
        await ReloadAsync();
    }

    public void Dispose()
    {
        _disposed = true;
        Navigation.LocationChanged -= OnLocationChanged;
        _ = _refresh.DisposeAsync().AsTask();
    }
}
