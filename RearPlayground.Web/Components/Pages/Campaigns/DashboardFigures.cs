using System.Globalization;
using System.Text.Json.Nodes;

namespace RearPlayground.Web.Components.Pages.Campaigns;

/// <summary>A progress row of the dashboard.</summary>
public sealed record ProgressRow(string Annotator, int Done, int Assigned, double? MedianSeconds);

/// <summary>Cohen's κ of two annotators over the items they share.</summary>
public sealed record KappaRow(string First, string Second, double? Kappa, int Shared);

/// <summary>The dashboard's figures from the service's details (GET /api/campaigns/{id}) and the median seconds.</summary>
public sealed record DashboardFigures(int Items, int Judgments, int ReviewsPerItem, string Status, IReadOnlyList<ProgressRow> Progress,
    double? Alpha, double? Low, double? High, IReadOnlyList<KappaRow> Pairs)
{
    /// <summary>Items with K judgments, as far as the count of judgments tells (an item never takes more than K).</summary>
    public int ItemsComplete { get; init; }

    public static DashboardFigures From(JsonObject details, IReadOnlyDictionary<string, double> medians, int itemsComplete)
    {
        var agreement = details["agreement"]!.AsObject();
        return new DashboardFigures((int)details["items"]!, (int)details["judgments"]!, (int)details["reviewsPerItem"]!, (string)details["status"]!,
            [.. details["progress"]!.AsArray().Select(p => new ProgressRow((string)p!["annotator"]!, (int)p["done"]!, (int)p["assigned"]!,
                medians.TryGetValue((string)p["annotator"]!, out var m) ? m : null))],
            (double?)agreement["alpha"], (double?)agreement["low"], (double?)agreement["high"],
            [.. agreement["pairs"]!.AsArray().Select(k => new KappaRow((string)k!["first"]!, (string)k["second"]!, (double?)k["kappa"], (int)k["shared"]!))])
        { ItemsComplete = itemsComplete };
    }

    public static string Figure(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    public string AlphaText => Alpha is null ? "α: not enough judgments yet"
        : $"α = {Figure(Alpha)} (95% interval {Figure(Low)} to {Figure(High)})";

    public static string Seconds(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "–";
}
