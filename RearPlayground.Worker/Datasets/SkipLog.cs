namespace RearPlayground.Worker.Datasets;

/// <summary>Rows left out: the first <see cref="Keep"/> with their reasons (what the page and the API show), and how many in all.</summary>
public sealed class SkipLog
{
    public const int Keep = 100;
    private readonly List<SkippedRow> _first = [];

    public IReadOnlyList<SkippedRow> First => _first;
    public int Count { get; private set; }

    public void Add(int row, string reason)
    {
        Count++;
        if (_first.Count < Keep) _first.Add(new SkippedRow(row, reason));
    }
}
