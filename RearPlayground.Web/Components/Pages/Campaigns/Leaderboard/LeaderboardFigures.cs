using System.Globalization;
using System.Text.Json.Nodes;
using RearPlayground.Web.Components.Shared;

namespace RearPlayground.Web.Components.Pages.Campaigns.Leaderboard;

/// <summary>A selector's arena row; null figures are undefined (nothing decided yet).</summary>
public sealed record SelectorRow(string Name, int Wins, int Losses, int Ties, double? WinRate, double? Low, double? High,
    double? Strength, double? StrengthLow, double? StrengthHigh);

/// <summary>Two selectors head to head.</summary>
public sealed record PairRow(string A, string B, int AWins, int BWins, int Ties);

/// <summary>A selector's agreement with the team (best, rank and pairs campaigns).</summary>
public sealed record AgreementRow(string Name, double? Top1, double? Top1Low, double? Top1High, double? Pairwise, double? PairwiseLow,
    double? PairwiseHigh, double? Tau, double? TauLow, double? TauHigh, int Runs);

/// <summary>The leaderboard page's figures from GET /api/campaigns/{id}/leaderboard, and how they are written.</summary>
public sealed record LeaderboardFigures(IReadOnlyList<SelectorRow> Selectors, IReadOnlyList<PairRow> Pairs, IReadOnlyList<AgreementRow> Agreement, int Runs)
{
    public static LeaderboardFigures From(JsonObject board) => new(
        [.. board["selectors"]!.AsArray().Select(s => new SelectorRow((string)s!["name"]!, (int)s["wins"]!, (int)s["losses"]!, (int)s["ties"]!,
            (double?)s["winRate"], (double?)s["low"], (double?)s["high"], (double?)s["strength"], (double?)s["strengthLow"], (double?)s["strengthHigh"]))],
        [.. board["pairs"]!.AsArray().Select(p => new PairRow((string)p!["a"]!, (string)p["b"]!, (int)p["aWins"]!, (int)p["bWins"]!, (int)p["ties"]!))],
        [.. (board["agreement"]?.AsArray() ?? []).Select(a => new AgreementRow((string)a!["name"]!, (double?)a["top1"], (double?)a["top1Low"],
            (double?)a["top1High"], (double?)a["pairwise"], (double?)a["pairwiseLow"], (double?)a["pairwiseHigh"], (double?)a["tau"],
            (double?)a["tauLow"], (double?)a["tauHigh"], (int)a["runs"]!))],
        (int)board["runs"]!);

    /// <summary>
    /// What a "run" of the figures is: with guided or guided-bon the arena's items go by question (several runs each), so the
    /// counts and the bootstrap are over questions.
    /// </summary>
    public string Unit(int count) =>
        (Selectors.Any(s => RearPlayground.Web.Campaigns.ArenaSelectors.RoleOf(s.Name) != RearPlayground.Web.Campaigns.ArenaRole.Plain) ? "question" : "run") + (count == 1 ? "" : "s");

    /// <summary>The chart's bars: selectors with a win rate, best first.</summary>
    public IReadOnlyList<RateWithInterval> Bars => [.. Selectors.Where(s => s.WinRate is not null).OrderByDescending(s => s.WinRate)
        .Select(s => new RateWithInterval(s.Name, s.WinRate!.Value, s.Low ?? s.WinRate.Value, s.High ?? s.WinRate.Value))];

    /// <summary>Wins of <paramref name="row"/> over <paramref name="column"/>, its losses and the ties: "3–1 · 2 ties"; null on the diagonal.</summary>
    public string? Cell(string row, string column)
    {
        if (row == column) return null;
        var pair = Pairs.FirstOrDefault(p => p.A == row && p.B == column) ?? Pairs.FirstOrDefault(p => p.A == column && p.B == row);
        if (pair is null) return "–";
        var (wins, losses) = pair.A == row ? (pair.AWins, pair.BWins) : (pair.BWins, pair.AWins);
        return pair.Ties == 0 ? $"{wins}–{losses}" : $"{wins}–{losses} · {pair.Ties} {(pair.Ties == 1 ? "tie" : "ties")}";
    }

    public static string Percent(double? value) => value is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "n/a";

    /// <summary>"48.0–71.5%", or empty when undefined.</summary>
    public static string PercentInterval(double? low, double? high) => low is { } l && high is { } h
        ? $"{(l * 100).ToString("0.0", CultureInfo.InvariantCulture)}–{(h * 100).ToString("0.0", CultureInfo.InvariantCulture)}%" : "";

    public static string Number(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>"0.81 to 1.42" (a "to" rather than a dash: τ's bounds may be negative).</summary>
    public static string NumberInterval(double? low, double? high) => low is { } l && high is { } h
        ? $"{Number(l)} to {Number(h)}" : "";
}
