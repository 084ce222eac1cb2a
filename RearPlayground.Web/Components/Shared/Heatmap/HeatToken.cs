namespace RearPlayground.Web.Components.Shared.Heatmap;

/// <summary>One response token for the heatmap: its text (or id), ℓ0, ℓp and r_t at the chosen λ.</summary>
public sealed record HeatToken(int Position, string Text, double L0, double Lp, double Reward)
{
    public double Difference => Lp - L0;
}

/// <summary>What the colour shows: the per-token reward r_t, or how much the preference moved the token (ℓp − ℓ0).</summary>
public enum HeatMode { Reward, Difference }
