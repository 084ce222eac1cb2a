using RearPlayground.Worker.Engine.Generation;
using RearPlayground.Worker.Search.Warnings;

namespace RearPlayground.Worker.Search.Dvts;

/// <summary>
/// A tree search whose every path ended in its first step picked among N one-step answers: a Best-of-N under
/// another name. The run says so, with the likely cause, rather than pass for a tree search.
/// </summary>
public static class SingleStepWarning
{
    /// <summary>The warning for a finished DVTS tree, or null when some path went past its first step.</summary>
    public static RunWarning? For(SearchRequest request, IReadOnlyList<TreeNode> tree)
    {
        if (tree.Count == 0 || tree.Any(n => n.Depth > 1)) return null;
        var kept = tree.Where(n => n.Kept).ToList();
        return new(RunWarning.SingleStep, $"The tree search ended after a single step, so DVTS picked among {tree.Count} one-step answers as Best-of-N would: {Cause(request, kept)}.");
    }

    private static string Cause(SearchRequest r, IReadOnlyList<TreeNode> kept)
    {
        if (r.MaxSteps == 1) return "max steps is 1";
        if (r.StepTokens is { } k && k >= r.MaxTokens) return $"a step is {k} tokens and max tokens is {r.MaxTokens}; use fewer tokens per step";
        if (kept.Count > 0 && kept.All(n => n.FinishReason == FinishReason.Eos)) return "every kept path ended (EOS) within its first step";
        if (r.StepTokens is null && !string.IsNullOrEmpty(r.Stop))
            return $"no path wrote the stop string \"{Escape(r.Stop)}\" within {r.MaxTokens} tokens; set tokens per step";
        return "every path reached its end in the first step";
    }

    /// <summary>Line breaks and tabs as \\n, \\r, \\t, as the forms show them.</summary>
    public static string Escape(string text) =>
        text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
}
