using System.Diagnostics;

namespace RearPlayground.Worker.Hub;

/// <summary>Bytes per second over the last few seconds (bytes resumed from disk are not counted as speed), and the time left.</summary>
internal sealed class PullMeter
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Queue<(TimeSpan At, long Bytes)> _samples = new();
    private long _received;

    /// <summary>Counts <paramref name="bytes"/> newly received from the network.</summary>
    public void Add(long bytes)
    {
        _received += bytes;
        var now = _clock.Elapsed;
        _samples.Enqueue((now, _received));
        while (_samples.Count > 2 && now - _samples.Peek().At > Window) _samples.Dequeue();
    }

    public double Rate
    {
        get
        {
            if (_samples.Count < 2) return 0;
            var first = _samples.Peek();
            var seconds = (_clock.Elapsed - first.At).TotalSeconds;
            return seconds <= 0 ? 0 : (_received - first.Bytes) / seconds;
        }
    }

    public double? SecondsLeft(long remaining) => Rate > 0 ? remaining / Rate : null;
}
