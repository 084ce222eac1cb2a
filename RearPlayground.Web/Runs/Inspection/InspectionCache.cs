using RearPlayground.Worker.Rear.Inspection;

namespace RearPlayground.Web.Runs.Inspection;

/// <summary>
/// The inspector's answers in memory, least recently used out first, bounded by entries and by positions held (a long
/// DVTS path weighs more than a short candidate). A computation in flight is shared: the same request joins it.
/// </summary>
public sealed class InspectionCache(int maxEntries = 64, int maxPositions = 64 * 1024)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<object, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _order = new(); // most recent first
    private int _positions;

    public int Count { get { lock (_gate) return _entries.Count; } }

    /// <summary>The cached task for <paramref name="key"/>, or a new one from <paramref name="compute"/>; a failed one is forgotten.</summary>
    public Task<TokenInspection> GetOrAdd(object key, Func<Task<TokenInspection>> compute)
    {
        Task<TokenInspection> task;
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                return node.Value.Task;
            }
            task = compute();
            _entries[key] = _order.AddFirst(new Entry(key, task));
        }
        _ = task.ContinueWith(t => Settled(key, t), TaskScheduler.Default);
        return task;
    }

    private void Settled(object key, Task<TokenInspection> task)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var node) || node.Value.Task != task) return;
            if (!task.IsCompletedSuccessfully)
            {
                Remove(node);
                return;
            }
            node.Value.Positions = task.Result.Tokens.Count;
            _positions += node.Value.Positions;
            // The newest entry stays even when it alone is over the bound: it was just asked for.
            while (_order.Count > 1 && (_entries.Count > maxEntries || _positions > maxPositions)) Remove(_order.Last!);
        }
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _order.Remove(node);
        _entries.Remove(node.Value.Key);
        _positions -= node.Value.Positions;
    }

    private sealed class Entry(object key, Task<TokenInspection> task)
    {
        public object Key { get; } = key;
        public Task<TokenInspection> Task { get; } = task;
        public int Positions { get; set; }
    }
}
