using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using RearPlayground.Data.Entities;
using RearPlayground.Web.Annotations;
using RearPlayground.Web.Campaigns;

namespace RearPlayground.Web.Components.Pages.Campaigns;

/// <summary>
/// Takes the caller's next item from the service, stores each judgment with the seconds spent on it, and undoes the last
/// one by showing that item again with the judgment preselected: submitting then replaces it (PUT).
/// </summary>
public partial class CampaignWorkPage
{
    [Parameter] public long Id { get; set; }
    [CascadingParameter] public Task<AuthenticationState> AuthState { get; set; } = null!;
    [Inject] private CampaignService Campaigns { get; set; } = null!;
    [Inject] private TimeProvider Time { get; set; } = null!;

    private string _user = "";
    private CampaignEntity? _campaign;
    private ShownItem? _item;
    private JudgmentBody? _previous;
    private bool _replacing;
    private long? _last;
    private int _turn, _done, _assigned;
    private long _shownAt;
    private string? _error, _notice;

    private string Progress => _item is null ? $"{_done} of {_assigned} done" : $"{Math.Min(_done + 1, Math.Max(_assigned, 1))} of {_assigned}";

    protected override async Task OnParametersSetAsync()
    {
        _user = AnnotationEndpoints.Annotator((await AuthState).User);
        var access = await Campaigns.AccessAsync(Id, _user, admin: false, CancellationToken.None);
        if (!access.Ok) { _error = access.Message; return; }
        _campaign = access.Value;
        await NextAsync();
    }

    private async Task NextAsync()
    {
        var next = await Campaigns.NextAsync(Id, _user, CancellationToken.None);
        if (!next.Ok) { _error = next.Message; return; }
        Show(next.Value, null, replacing: false);
        await ProgressAsync();
    }

    private void Show(ShownItem? item, JudgmentBody? previous, bool replacing)
    {
        _item = item;
        _previous = previous;
        _replacing = replacing;
        _turn++;
        _shownAt = Time.GetTimestamp();
    }

    private async Task ProgressAsync()
    {
        var details = await Campaigns.DetailsAsync(_campaign!, _user, admin: false, CancellationToken.None);
        var own = details["progress"]!.AsArray().FirstOrDefault(p => (string?)p!["annotator"] == _user);
        _done = (int?)own?["done"] ?? 0;
        _assigned = (int?)own?["assigned"] ?? 0;
    }

    private double Seconds => Math.Round(Time.GetElapsedTime(_shownAt).TotalSeconds, 1);

    private Task SubmitAsync(JudgmentBody body) => StoreAsync(body with { Seconds = Seconds });

    private Task SkipAsync(string reason) => StoreAsync(new JudgmentBody(null, null, null, null, true, reason, Seconds));

    private async Task StoreAsync(JudgmentBody body)
    {
        if (_item is not { } item) return;
        var result = await Campaigns.JudgeAsync(Id, item.ItemId, _user, body, _replacing, CancellationToken.None);
        if (!result.Ok)
        {
            _notice = result.Message;
            // Someone else filled the item, or the campaign closed: move on rather than stay stuck on it.
            if (result.Status == StatusCodes.Status409Conflict) await NextAsync();
            return;
        }
        _notice = null;
        _last = item.ItemId;
        await NextAsync();
    }

    /// <summary>U: the last judged item again, its judgment preselected; submitting replaces it.</summary>
    private async Task UndoAsync()
    {
        if (_last is not { } last) return;
        var result = await Campaigns.ItemAsync(Id, last, _user, CancellationToken.None);
        if (!result.Ok) { _notice = result.Message; return; }
        var json = result.Value!;
        var item = new ShownItem(last, (string?)json["question"] ?? "", (string?)json["preference"],
            [.. json["candidates"]!.AsArray().Select(c => new ShownCandidate((string)c!["label"]!, (string)c["text"]!))]);
        Show(item, Previous(json["judgment"] as JsonObject), replacing: true);
        _last = null;
    }

    private static JudgmentBody? Previous(JsonObject? judgment) => judgment is null ? null
        : new JudgmentBody((string?)judgment["best"], judgment["ranking"] is JsonArray r ? [.. r.Select(l => (string)l!)] : null,
            (string?)judgment["winner"], null, null, null, null);
}
