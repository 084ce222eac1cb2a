using System.Globalization;

namespace RearPlayground.Worker.Eval;

/// <summary>
/// The method(s) with the highest pass rate. When several share it, none is named best: a report that ranked a
/// tie by the order the methods were listed in would claim a difference the data does not show.
/// </summary>
public sealed record EvalBest(IReadOnlyList<string> Methods, double PassRate)
{
    public bool Tie => Methods.Count > 1;

    /// <summary>"Best method: bon-rear (41.7%)" or "No single best method: greedy, bon-rear tie at 33.3%".</summary>
    public string Text => Tie
        ? $"No single best method: {string.Join(", ", Methods)} tie at {Percent(PassRate)}"
        : $"Best method: {Methods[0]} ({Percent(PassRate)})";

    /// <summary>Short form for lists: "bon-rear (41.7%)" or "tie: greedy, bon-rear (33.3%)".</summary>
    public string Short => Tie ? $"tie: {string.Join(", ", Methods)} ({Percent(PassRate)})" : $"{Methods[0]} ({Percent(PassRate)})";

    /// <summary>Null when there are no methods. Pass rates are compared exactly: every method ran on the same items.</summary>
    public static EvalBest? Of(IEnumerable<(string Method, double PassRate)> rates)
    {
        var list = rates.ToList();
        if (list.Count == 0) return null;
        var top = list.Max(r => r.PassRate);
        return new EvalBest([.. list.Where(r => r.PassRate == top).Select(r => r.Method)], top);
    }

    public static string Percent(double rate) => (100 * rate).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
