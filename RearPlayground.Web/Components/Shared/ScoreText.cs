using System.Globalization;

namespace RearPlayground.Web.Components.Shared;

/// <summary>Scores and log-probs as shown on the pages: three decimals, infinities as "−∞" / "+∞".</summary>
public static class ScoreText
{
    public static string Format(double value, int decimals = 3) => value switch
    {
        double.NegativeInfinity => "−∞",
        double.PositiveInfinity => "+∞",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("F" + decimals, CultureInfo.InvariantCulture),
    };

    public static string Format(double? value, int decimals = 3) => value is { } v ? Format(v, decimals) : "—";
}
