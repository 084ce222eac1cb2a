using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using RearPlayground.Web.Runs;
using RearPlayground.Data.Annotations;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Web.Annotations;

namespace RearPlayground.Web.Components.Pages.Annotate;

/// <summary>One run to annotate: loads the run and its annotations, stores each judgement, moves on along the queue.</summary>
public partial class AnnotateRunPage
{
    [Parameter] public Guid RunId { get; set; }
    [CascadingParameter] public Task<AuthenticationState> AuthState { get; set; } = null!;
    [Inject] private RunQueries Runs { get; set; } = null!;
    [Inject] private AnnotationService Annotations { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;

    private string _user = "";
    private RunEntity? _run;
    private IReadOnlyList<CandidateView> _candidates = [];
    private IReadOnlyDictionary<int, string> _texts = new Dictionary<int, string>();
    private RunAnnotations? _state;
    private int _queueCount;
    private int _tab;

    /// <summary>The blind-pairs tab: nothing on the page names a candidate while it is open.</summary>
    private const int BlindTab = 2;
    private bool Blind => _tab == BlindTab && _candidates.Count >= 2;

    private string OthersHidden => _state?.HiddenOthers switch
    {
        null or 0 => "Others' annotations appear once you have judged this run.",
        1 => "1 annotation by someone else is hidden until you have judged this run.",
        var n => $"{n} annotations by others are hidden until you have judged this run.",
    };
    private bool _loading = true;
    private bool _busy;

    protected override async Task OnParametersSetAsync()
    {
        // The same component is reused when "Next run" changes the id: load everything again.
        _loading = true;
        _user = AnnotationEndpoints.Annotator((await AuthState).User);
        _run = await Runs.FindAsync(RunId);
        var candidates = _run is null ? [] : await Runs.CandidatesAsync(RunId);
        _candidates = [.. candidates.Select(c => new CandidateView(c.Index, c.Text))];
        _texts = candidates.ToDictionary(c => c.Index, c => c.Text);
        await ReloadAsync();
        _loading = false;
    }

    private async Task ReloadAsync()
    {
        _state = _run is null ? null : new RunAnnotations(_user, RunId, [.. _candidates.Select(c => c.Index)], await Annotations.ListAsync(RunId));
        _queueCount = (await Annotations.QueueAsync(_user, pageSize: 1)).Total;
    }

    private Task PickAsync(int index)
    {
        var input = new AnnotationInput(AnnotationKinds.Best, index);
        // One pick per user and run: a second click changes it (keeping its comment).
        return SaveAsync(_state?.OwnBest is { } own
            ? Annotations.UpdateAsync(RunId, own.Id, _user, input with { Comment = own.Comment })
            : Annotations.AddAsync(RunId, _user, input), "Best pick saved.");
    }

    private Task RankAsync(int[] order)
    {
        var input = new AnnotationInput(AnnotationKinds.Rank, Value: System.Text.Json.JsonSerializer.Serialize(order));
        return SaveAsync(_state?.OwnRank is { } own
            ? Annotations.UpdateAsync(RunId, own.Id, _user, input with { Comment = own.Comment })
            : Annotations.AddAsync(RunId, _user, input), "Rank saved.");
    }

    private async Task JudgeAsync(string choice)
    {
        if (_state is not { RemainingPairs: [var pair, ..] }) return;
        await SaveAsync(Annotations.AddAsync(RunId, _user, new AnnotationInput(AnnotationKinds.Pair, Value: new PairValue(pair.Left, pair.Right, choice).ToJson())), null);
    }

    private async Task<string?> CommentAsync(AnnotationInput input) => await SaveAsync(Annotations.AddAsync(RunId, _user, input), "Comment added.");

    private async Task EditAsync(AnnotationEntity annotation)
    {
        var parameters = new DialogParameters<EditAnnotationDialog>
        {
            { d => d.Annotation, annotation },
            { d => d.Candidates, _candidates },
            { d => d.Save, input => SaveAsync(Annotations.UpdateAsync(RunId, annotation.Id, _user, input), "Annotation updated.") },
        };
        var dialog = await Dialogs.ShowAsync<EditAnnotationDialog>("Edit annotation", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        await dialog.Result;
    }

    private async Task DeleteAsync(AnnotationEntity annotation)
    {
        var sure = await Dialogs.ShowMessageBoxAsync("Delete annotation", $"Delete \"{AnnotationText.Describe(annotation)}\"?",
            yesText: "Delete", cancelText: "Cancel");
        if (sure == true) await SaveAsync(Annotations.DeleteAsync(RunId, annotation.Id, _user), "Annotation deleted.");
    }

    /// <summary>Runs a write, reloads, and says how it went; returns the error, or null when it succeeded.</summary>
    private async Task<string?> SaveAsync(Task<AnnotationResult> write, string? saved)
    {
        _busy = true;
        try
        {
            var result = await write;
            var error = result.Outcome switch
            {
                AnnotationOutcome.Ok => null,
                AnnotationOutcome.Invalid => result.Message,
                AnnotationOutcome.NotAuthor => "Only its author can change this annotation.",
                _ => "That annotation or run no longer exists.",
            };
            await ReloadAsync();
            if (error is not null) Snackbar.Add(error, Severity.Error);
            else if (saved is not null) Snackbar.Add(saved, Severity.Success);
            return error;
        }
        finally
        {
            _busy = false;
            StateHasChanged();
        }
    }

    private async Task NextAsync()
    {
        var (items, _) = await Annotations.QueueAsync(_user, pageSize: 2);
        var next = items.FirstOrDefault(i => i.Run.Id != RunId);
        Navigation.NavigateTo(next is null ? "/annotate" : $"/annotate/{next.Run.Id}");
    }
}
