namespace RearPlayground.Data.Sqlite;

/// <summary>
/// A Unicode case fold usable in LINQ queries. SQLite's lower()/LIKE fold ASCII only, so searching "é" would miss
/// "É"; <see cref="SqliteConnectionSetup"/> registers <see cref="FunctionName"/> on every connection and
/// <see cref="RearDbContext"/> maps <see cref="Fold"/> to it.
/// </summary>
public static class SqliteText
{
    public const string FunctionName = "rear_fold";

    /// <summary>Lower-cases with the invariant culture; the same code runs in SQLite and in memory.</summary>
    public static string? Fold(string? value) => value?.ToLowerInvariant();
}
