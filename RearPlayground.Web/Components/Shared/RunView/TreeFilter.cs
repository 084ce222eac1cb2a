namespace RearPlayground.Web.Components.Shared.RunView;

/// <summary>Which nodes the tree view brings forward; the rest stay as faint dots so the tree keeps its shape.</summary>
// From 1: the toggle group takes default(T) (0) for "nothing chosen" and would ignore a click on All.
public enum TreeFilterMode { All = 1, Kept, Pruned, Winning, Search }

/// <summary>A filter of the DVTS tree: a mode and, for Search, the text a step must contain (any case).</summary>
public sealed record TreeFilter(TreeFilterMode Mode = TreeFilterMode.All, string Query = "")
{
    /// <summary>Search with no text matches every node, as All does.</summary>
    public bool Matches(ViewNode n) => Mode switch
    {
        TreeFilterMode.Kept => n.Kept == true,
        TreeFilterMode.Pruned => n.Kept == false,
        TreeFilterMode.Winning => n.OnBestPath,
        TreeFilterMode.Search => string.IsNullOrWhiteSpace(Query) || n.Text.Contains(Query.Trim(), StringComparison.OrdinalIgnoreCase),
        _ => true,
    };

    public bool IsActive => Mode switch
    {
        TreeFilterMode.All => false,
        TreeFilterMode.Search => !string.IsNullOrWhiteSpace(Query),
        _ => true,
    };

    public static string Label(TreeFilterMode mode) => mode switch
    {
        TreeFilterMode.Winning => "winning path",
        TreeFilterMode.Search => "text",
        _ => mode.ToString().ToLowerInvariant(),
    };
}
