namespace RearPlayground.Web.Components.Pages.Annotate;

/// <summary>A candidate as the Annotate page shows it: index and text only (no score).</summary>
public sealed record CandidateView(int Index, string Text);
