namespace RearPlayground.Web.Campaigns.Statistics;

/// <summary>
/// Krippendorff's coincidence matrix: for every unit with m ≥ 2 values, each ordered pair of values from two different
/// coders adds 1/(m−1), so each pairable value weighs 1 whatever the number of coders. Units with fewer than two
/// values (missing data) add nothing. Values are kept in ascending order, which the ordinal metric relies on.
/// </summary>
public sealed class Coincidences
{
    private Coincidences(IReadOnlyList<int> values, double[,] counts)
    {
        Values = values;
        Counts = counts;
    }

    /// <summary>The distinct values that occur in pairable units, ascending.</summary>
    public IReadOnlyList<int> Values { get; }

    /// <summary>o[c, k] for values <c>Values[c]</c> and <c>Values[k]</c>; symmetric.</summary>
    public double[,] Counts { get; }

    /// <summary>Each unit is the values its coders gave, null for a coder who gave none (a units × coders row).</summary>
    public static Coincidences From(IEnumerable<IReadOnlyList<int?>> units)
    {
        var pairable = Pairable(units);
        var values = pairable.SelectMany(u => u).Distinct().Order().ToArray();
        var counts = new double[values.Length, values.Length];
        var index = values.Select((v, i) => (v, i)).ToDictionary(x => x.v, x => x.i);
        foreach (var unit in pairable) AddUnit(counts, [.. unit.Select(v => index[v])], 1);
        return new Coincidences(values, counts);
    }

    /// <summary>A matrix over given values (for resampling, which reuses one value index).</summary>
    internal static Coincidences Of(IReadOnlyList<int> values, double[,] counts) => new(values, counts);

    /// <summary>The non-missing values of every unit with at least two of them.</summary>
    internal static List<int[]> Pairable(IEnumerable<IReadOnlyList<int?>> units) =>
        [.. units.Select(u => u.Where(v => v.HasValue).Select(v => v!.Value).ToArray()).Where(u => u.Length >= 2)];

    /// <summary>Adds one unit's pairs (value indices), <paramref name="times"/> over, as a bootstrap draw may repeat a unit.</summary>
    internal static void AddUnit(double[,] counts, int[] unit, int times)
    {
        var weight = times / (double)(unit.Length - 1);
        for (var i = 0; i < unit.Length; i++)
            for (var j = 0; j < unit.Length; j++)
                if (i != j) counts[unit[i], unit[j]] += weight;
    }
}
