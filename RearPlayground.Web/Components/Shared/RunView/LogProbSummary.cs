namespace RearPlayground.Web.Components.Shared.RunView;

/// <summary>
/// A step's ℓ0 (log-probs without the preference) and ℓp (with it), summed and averaged per token, as the node
/// panel shows them. −∞ (a token the context forbids) is kept: the mean is then −∞ too, which is the truth.
/// </summary>
public sealed record LogProbSummary(int Tokens, double SumWithout, double SumWith)
{
    public double MeanWithout => Tokens == 0 ? 0 : SumWithout / Tokens;
    public double MeanWith => Tokens == 0 ? 0 : SumWith / Tokens;
    /// <summary>Mean per-token reward r_t = ℓp − ℓ0.</summary>
    public double MeanReward => MeanWith - MeanWithout;

    public static LogProbSummary Of(ViewNode node) =>
        new(node.LogProbsWithout.Length, node.LogProbsWithout.Sum(v => (double)v), node.LogProbsWith.Sum(v => (double)v));

    public static string Format(double value) => value switch
    {
        double.NegativeInfinity => "−∞",
        double.PositiveInfinity => "∞",
        _ => value.ToString("F3", System.Globalization.CultureInfo.InvariantCulture),
    };
}
