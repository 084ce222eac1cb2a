namespace RearPlayground.Worker.Rear;

/// <summary>How per-token rewards γ^t·r_t become one trajectory score.</summary>
public enum Aggregation { Mean, Sum, Min, Last }

public static class AggregationParser
{
    public static Aggregation Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "mean" => Aggregation.Mean,
        "sum" => Aggregation.Sum,
        "min" => Aggregation.Min,
        "last" => Aggregation.Last,
        _ => throw new ArgumentException($"unknown aggregation '{text}': use mean, sum, min or last"),
    };

    public static string Name(this Aggregation a) => a.ToString().ToLowerInvariant();
}
