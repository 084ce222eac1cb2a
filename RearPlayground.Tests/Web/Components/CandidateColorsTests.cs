using RearPlayground.Web.Components.Shared;

namespace RearPlayground.Tests.Web.Components;

/// <summary>
/// Candidate colours stay apart for every run size the app allows (N ≤ 64): measured with CIE94 ΔE on CIELAB, computed
/// here independently of the palette's own code, so "distinct" means distinct to the eye, not just different hex strings.
/// </summary>
public sealed class CandidateColorsTests
{
    // ΔE94 ≈ 1 is a just-noticeable difference side by side; 10 reads as another colour at a glance in a thin line or a swatch.
    private const double MinDistance = 10;

    [Fact]
    public void Every_run_size_from_2_to_64_gets_colours_that_look_different()
    {
        for (var n = 2; n <= 64; n++)
        {
            var labs = Enumerable.Range(0, n).Select(i => Lab(CandidateColors.For(i))).ToArray();
            for (var i = 0; i < n; i++)
                for (var j = 0; j < i; j++)
                {
                    var d = Math.Min(DeltaE94(labs[i], labs[j]), DeltaE94(labs[j], labs[i]));
                    Assert.True(d >= MinDistance,
                        $"N = {n}: #{i} {CandidateColors.For(i)} and #{j} {CandidateColors.For(j)} are only ΔE94 {d:F1} apart");
                }
        }
    }

    [Fact]
    public void The_old_clash_is_gone_and_colours_are_readable_on_both_themes()
    {
        // Tableau's 10-colour cycle painted #2 and #12 the same red.
        Assert.NotEqual(CandidateColors.For(2), CandidateColors.For(12));
        Assert.Equal(64, CandidateColors.All.Distinct().Count());
        Assert.All(CandidateColors.All, c =>
        {
            var (l, _, _) = Lab(c);
            Assert.InRange(l, 40, 85); // visible on white and on the dark theme's surface
        });
        // A label on a band: dark text on light colours, white on darker ones.
        Assert.All(Enumerable.Range(0, 64), i => Assert.Equal(Lab(CandidateColors.For(i)).L >= 60 ? "#111" : "#fff", CandidateColors.TextOn(i)));
    }

    private static (double L, double A, double B) Lab(string hex)
    {
        static double Lin(double c) => c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        var r = Lin(Convert.ToInt32(hex[1..3], 16) / 255.0);
        var g = Lin(Convert.ToInt32(hex[3..5], 16) / 255.0);
        var b = Lin(Convert.ToInt32(hex[5..7], 16) / 255.0);
        // sRGB → XYZ (D65), normalised by the white point.
        var x = (0.4123908 * r + 0.3575843 * g + 0.1804808 * b) / 0.9504559;
        var y = 0.2126390 * r + 0.7151687 * g + 0.0721923 * b;
        var z = (0.0193308 * r + 0.1191948 * g + 0.9505322 * b) / 1.0890578;
        static double F(double t) => t > 216.0 / 24389 ? Math.Cbrt(t) : (24389.0 / 27 * t + 16) / 116;
        return (116 * F(y) - 16, 500 * (F(x) - F(y)), 200 * (F(y) - F(z)));
    }

    private static double DeltaE94((double L, double A, double B) p, (double L, double A, double B) q)
    {
        var c1 = Math.Sqrt(p.A * p.A + p.B * p.B);
        var c2 = Math.Sqrt(q.A * q.A + q.B * q.B);
        var dl = p.L - q.L;
        var dc = c1 - c2;
        var da = p.A - q.A;
        var db = p.B - q.B;
        var dh2 = Math.Max(0, da * da + db * db - dc * dc);
        var sc = 1 + 0.045 * c1;
        var sh = 1 + 0.015 * c1;
        return Math.Sqrt(dl * dl + dc / sc * (dc / sc) + dh2 / (sh * sh));
    }
}
