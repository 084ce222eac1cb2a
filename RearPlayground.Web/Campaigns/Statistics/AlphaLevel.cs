namespace RearPlayground.Web.Campaigns.Statistics;

/// <summary>
/// The metric of Krippendorff's α: how far apart two values are. Nominal for categories (best pick, pair winner),
/// ordinal for ranks, where the distance counts how many values lie between, interval for numbers.
/// </summary>
public enum AlphaLevel
{
    Nominal,
    Ordinal,
    Interval,
}
