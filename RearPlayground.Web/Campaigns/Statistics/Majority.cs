namespace RearPlayground.Web.Campaigns.Statistics;

/// <summary>
/// The team's answer to a best task: the most picked candidates (<see cref="Winners"/>, more than one when tied),
/// <see cref="Votes"/> for each of them out of <see cref="Total"/> picks, and <see cref="Agreement"/>, the share of
/// picks agreeing with the answer.
/// </summary>
public sealed record MajorityResult<T>(IReadOnlyList<T> Winners, int Votes, int Total)
{
    public bool Tied => Winners.Count > 1;

    public double Agreement => Total == 0 ? 0 : Votes / (double)Total;

    /// <summary>
    /// Whether the answer is clear enough to use (e.g. in the DPO export): a single winner agreed by at least
    /// <paramref name="minimumAgreement"/> of the picks. A tie is never clear, whatever its share.
    /// </summary>
    public bool Meets(double minimumAgreement) => Winners.Count == 1 && Agreement >= minimumAgreement;
}

/// <summary>Majority vote over picks (skips are left out by the caller, as they are no pick).</summary>
public static class Majority
{
    public static MajorityResult<T> Of<T>(IEnumerable<T> picks) where T : notnull
    {
        var counts = picks.CountBy(p => p).ToList();
        if (counts.Count == 0) return new MajorityResult<T>([], 0, 0);
        var top = counts.Max(c => c.Value);
        // Winners in order of first appearance, so a tie reads the same on every load.
        return new MajorityResult<T>([.. counts.Where(c => c.Value == top).Select(c => c.Key)], top, counts.Sum(c => c.Value));
    }
}
