namespace RearPlayground.Web.Components.Shared;

/// <summary>
/// One colour per candidate index, shared by chart, bands and cards, distinct for every index a run can have (N ≤ 64).
/// Tableau 10 first (readable on light and dark backgrounds); then each next colour is the one of a grid of
/// mid-light, moderately saturated sRGB colours farthest (CIE94 ΔE) from all before it, so any prefix stays as
/// spread out as it can and no two of the 64 look alike (the old 10-colour cycle gave #2 and #12 the same red).
/// </summary>
public static class CandidateColors
{
    /// <summary>How many indices get a colour of their own; beyond, colours repeat (runs have at most 64 candidates).</summary>
    public const int Distinct = 64;

    private static readonly string[] Seeds =
        ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

    // Lightness and chroma the grid keeps: dark enough on white, light enough on the dark theme, not neon.
    private const double MinL = 40, MaxL = 82, MinChroma = 20, MaxChroma = 75;

    private static readonly string[] Palette = Build();

    public static IReadOnlyList<string> All => Palette;

    public static string For(int index) => Palette[((index % Palette.Length) + Palette.Length) % Palette.Length];

    /// <summary>A label colour readable on <see cref="For"/>(index): near-black on light colours, white on darker ones.</summary>
    public static string TextOn(int index) => Lab.Of(For(index)).L >= 60 ? "#111" : "#fff";

    private static string[] Build()
    {
        var chosen = new List<string>(Seeds);
        var grid = new List<(string Hex, Lab Lab)>();
        for (var r = 0; r < 256; r += 15)
            for (var g = 0; g < 256; g += 15)
                for (var b = 0; b < 256; b += 15)
                {
                    var lab = Lab.Of(r, g, b);
                    if (lab.L is >= MinL and <= MaxL && lab.Chroma is >= MinChroma and <= MaxChroma)
                        grid.Add(($"#{r:x2}{g:x2}{b:x2}", lab));
                }
        var seedLabs = Seeds.Select(Lab.Of).ToArray();
        var nearest = grid.Select(c => seedLabs.Min(s => c.Lab.Distance(s))).ToArray();
        while (chosen.Count < Distinct)
        {
            var far = 0;
            for (var i = 1; i < nearest.Length; i++)
                if (nearest[i] > nearest[far]) far = i;
            chosen.Add(grid[far].Hex);
            for (var i = 0; i < nearest.Length; i++) nearest[i] = Math.Min(nearest[i], grid[i].Lab.Distance(grid[far].Lab));
        }
        return [.. chosen];
    }

    /// <summary>CIELAB (D65), enough to tell how far apart two colours look.</summary>
    private readonly record struct Lab(double L, double A, double B)
    {
        public double Chroma => Math.Sqrt(A * A + B * B);

        /// <summary>CIE94 ΔE (graphic arts weights), symmetric: the smaller of the two directions.</summary>
        public double Distance(Lab o) => Math.Min(Cie94(this, o), Cie94(o, this));

        private static double Cie94(Lab p, Lab q)
        {
            double dl = p.L - q.L, dc = p.Chroma - q.Chroma, da = p.A - q.A, db = p.B - q.B;
            var dh2 = Math.Max(0, da * da + db * db - dc * dc);
            double sc = 1 + 0.045 * p.Chroma, sh = 1 + 0.015 * p.Chroma;
            return Math.Sqrt(dl * dl + dc * dc / (sc * sc) + dh2 / (sh * sh));
        }

        public static Lab Of(string hex) =>
            Of(Convert.ToInt32(hex[1..3], 16), Convert.ToInt32(hex[3..5], 16), Convert.ToInt32(hex[5..7], 16));

        public static Lab Of(int r, int g, int b)
        {
            double R = Linear(r), G = Linear(g), B = Linear(b);
            var x = (0.4124 * R + 0.3576 * G + 0.1805 * B) / 0.95047;
            var y = 0.2126 * R + 0.7152 * G + 0.0722 * B;
            var z = (0.0193 * R + 0.1192 * G + 0.9505 * B) / 1.08883;
            return new Lab(116 * F(y) - 16, 500 * (F(x) - F(y)), 200 * (F(y) - F(z)));
        }

        private static double Linear(int c)
        {
            var v = c / 255.0;
            return v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);
        }

        private static double F(double t) => t > 0.008856 ? Math.Cbrt(t) : 7.787 * t + 16.0 / 116;
    }
}
