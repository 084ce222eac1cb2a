using RearPlayground.Worker.Rear.Inspection;

namespace RearPlayground.Web.Components.Shared.Inspector;

/// <summary>How the inspector lists positions: in order, or by how much the preference moved them (KL, |ℓp − ℓ0|), largest first.</summary>
public enum InspectorSort { Position, Kl, Shift }

public static class InspectorOrder
{
    /// <summary>Above this many positions the dialog renders only those in view: a 1,000-token answer is 1,000 cards.</summary>
    public const int VirtualizeAbove = 64;

    public static string Label(InspectorSort sort) => sort switch
    {
        InspectorSort.Kl => "KL(p_pref ‖ p_0)",
        InspectorSort.Shift => "|ℓp − ℓ0|",
        _ => "position",
    };

    /// <summary>The positions (indices into the inspection's tokens) in <paramref name="sort"/>'s order; ties keep position order.</summary>
    public static IReadOnlyList<int> Of(IReadOnlyList<InspectedToken> tokens, InspectorSort sort)
    {
        var positions = Enumerable.Range(0, tokens.Count);
        return sort switch
        {
            InspectorSort.Kl => [.. positions.OrderByDescending(i => Key(tokens[i].Kl))],
            InspectorSort.Shift => [.. positions.OrderByDescending(i => Key(Math.Abs(tokens[i].Lp - tokens[i].L0)))],
            _ => [.. positions],
        };
    }

    // NaN (from −∞ − −∞) sorts last rather than anywhere.
    private static double Key(double value) => double.IsNaN(value) ? double.NegativeInfinity : value;

    /// <summary>
    /// A token's text made visible: line breaks and tabs as escapes, a piece of spaces alone as ␣, an empty piece as ∅
    /// (text only, never markup).
    /// </summary>
    public static string Visible(string text) => text.Length == 0 ? "∅"
        : text.All(c => c == ' ') ? new string('␣', text.Length)
        : text.Replace("\n", "\\n").Replace("\r", "\\r").Replace("\t", "\\t");
}
