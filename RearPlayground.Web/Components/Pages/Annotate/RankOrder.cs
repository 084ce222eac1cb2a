namespace RearPlayground.Web.Components.Pages.Annotate;

/// <summary>A rank being edited: candidates best first, moved one place at a time (buttons work on phones, unlike dragging).</summary>
public sealed class RankOrder(IEnumerable<int> order)
{
    private readonly List<int> _order = [.. order];

    public IReadOnlyList<int> Items => _order;

    public void MoveUp(int position) => Swap(position, position - 1);

    public void MoveDown(int position) => Swap(position, position + 1);

    private void Swap(int a, int b)
    {
        if (a < 0 || b < 0 || a >= _order.Count || b >= _order.Count) return;
        (_order[a], _order[b]) = (_order[b], _order[a]);
    }

    /// <summary>The stored form: a JSON array, best first.</summary>
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(_order);
}
