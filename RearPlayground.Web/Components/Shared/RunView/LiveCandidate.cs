namespace RearPlayground.Web.Components.Shared.RunView;

/// <summary>A candidate card's content: its text so far, and its score once the search has scored it.</summary>
public sealed class LiveCandidate(int index)
{
    public int Index { get; } = index;
    public string Text { get; set; } = "";
    public double? Score { get; set; }
    public int? NodeId { get; set; }
    public bool Finished { get; set; }
    public string? FinishReason { get; set; }
}
