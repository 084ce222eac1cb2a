namespace RearPlayground.Web.Components.Shared;

/// <summary>One colour per candidate index (Tableau 10, readable on light and dark backgrounds), shared by chart and cards.</summary>
public static class CandidateColors
{
    private static readonly string[] Palette =
        ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

    public static string For(int index) => Palette[((index % Palette.Length) + Palette.Length) % Palette.Length];
}
