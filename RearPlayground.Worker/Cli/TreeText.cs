using System.Globalization;
using RearPlayground.Worker.Search;

namespace RearPlayground.Worker.Cli;

/// <summary>The DVTS tree as indented text: kept steps marked *, pruned ones x, with their path scores.</summary>
public static class TreeText
{
    public static async Task WriteAsync(TextWriter w, SearchResult r)
    {
        var children = r.Tree.ToLookup(n => n.ParentId);
        foreach (var subtree in r.Tree.Where(n => n.ParentId is null).GroupBy(n => n.Subtree))
        {
            await w.WriteLineAsync($"subtree {subtree.Key}");
            foreach (var node in subtree) await Write(w, node, children, 1);
        }
        await w.WriteLineAsync();
    }

    private static async Task Write(TextWriter w, TreeNode node, ILookup<int?, TreeNode> children, int indent)
    {
        var text = node.Text.ReplaceLineEndings("⏎");
        if (text.Length > 60) text = text[..57] + "...";
        await w.WriteLineAsync(string.Format(CultureInfo.InvariantCulture, "{0}{1} #{2} {3,9:F4}  {4}",
            new string(' ', 2 * indent), node.Kept ? "*" : "x", node.Id, node.Score, text));
        foreach (var child in children[node.Id]) await Write(w, child, children, indent + 1);
    }
}
