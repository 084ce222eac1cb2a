namespace RearPlayground.Worker.Engine.Generation;

/// <summary>
/// The one rule by which the batched decoders (<see cref="BatchGenerator"/>, <see cref="PassGenerator"/>,
/// <see cref="GuidedGenerator"/>) stop paying for finished candidates: once at least two, and a quarter, of the rows
/// have finished, their cache rows are dropped (one gather) and the row map shrinks with them.
/// </summary>
internal static class FinishedRows
{
    /// <param name="rows">rows[r] = the candidate in batch row r (in each of the <paramref name="copies"/> blocks).</param>
    /// <param name="copies">How many blocks of rows.Length cache rows the state holds: guided decoding keeps candidate
    /// rows[r] in rows r and rows.Length + r (without and with the preference).</param>
    public static void Drop(ref KvState state, ref int[] rows, Func<int, bool> finished, int copies = 1)
    {
        var live = rows.Length;
        var map = rows;
        var alive = Enumerable.Range(0, live).Where(r => !finished(map[r])).ToArray();
        if (alive.Length == 0 || live - alive.Length < Math.Max(2, live / 4)) return;
        var compact = state.Gather([.. Enumerable.Range(0, copies).SelectMany(k => alive.Select(r => k * live + r))]);
        state.Dispose();
        state = compact;
        rows = [.. alive.Select(r => map[r])];
    }
}
