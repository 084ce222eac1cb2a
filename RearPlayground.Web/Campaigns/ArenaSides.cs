using RearPlayground.Data.Entities;

namespace RearPlayground.Web.Campaigns;

/// <summary>One side of an arena item: the selector, the run its pick lives in and the candidate index in that run.</summary>
public sealed record ArenaSide(string Selector, Guid RunId, int Index);

/// <summary>
/// How an arena item names picks from other runs of its question without a column of its own: the item's run is the
/// question's anchor run; a side picked from another run stores <c>selector@runId</c> in its selector column and its index
/// offset by <see cref="Stride"/> × slot (1 first, 2 second), so the two sides never share an index (blind order, winners
/// and recorded ties compare indices) unless they are the same candidate of the same run. Items of one run read as before.
/// </summary>
public static class ArenaSides
{
    /// <summary>Above any pool size (n is capped far below), so an offset index is never a candidate index.</summary>
    public const int Stride = 1_000_000;

    /// <summary>The stored selector name and index of a side, relative to the item's run.</summary>
    public static (string Column, int Index) Encode(ArenaSide side, Guid anchor, int slot) =>
        side.RunId == anchor ? (side.Selector, side.Index) : ($"{side.Selector}@{side.RunId:D}", slot * Stride + side.Index);

    /// <summary>The selector name of a stored column (the run, when there is one, dropped).</summary>
    public static string SelectorOf(string column) => column.Split('@')[0];

    /// <summary>Both sides of an arena item; null for an item that is not an arena pair.</summary>
    public static (ArenaSide First, ArenaSide Second)? Of(CampaignItemEntity item) =>
        item is { First: { } first, Second: { } second, FirstSelector: { } a, SecondSelector: { } b }
            ? (Side(a, first, item.RunId), Side(b, second, item.RunId)) : null;

    /// <summary>The side a stored index of the item stands for (one of its two).</summary>
    public static ArenaSide? SideOf(CampaignItemEntity item, int index) =>
        Of(item) is not { } sides ? null : index == item.First ? sides.First : index == item.Second ? sides.Second : null;

    /// <summary>True when a side comes from another run: the pair is between runs, so no one run's pool holds it.</summary>
    public static bool CrossRun(CampaignItemEntity item) =>
        (item.FirstSelector?.Contains('@') ?? false) || (item.SecondSelector?.Contains('@') ?? false);

    private static ArenaSide Side(string column, int index, Guid anchor)
    {
        var at = column.IndexOf('@');
        if (at < 0) return new ArenaSide(column, anchor, index);
        return new ArenaSide(column[..at], Guid.Parse(column[(at + 1)..]), index % Stride);
    }
}
