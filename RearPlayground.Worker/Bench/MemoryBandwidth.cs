using System.Diagnostics;

namespace RearPlayground.Worker.Bench;

/// <summary>Memory copy bandwidth of this machine, measured the same run, as the yardstick for decode speed.</summary>
public static class MemoryBandwidth
{
    /// <summary>Bytes per second moved (read + write counted once, as a copy of N bytes moves N) by a 256 MiB copy; best of 5.</summary>
    public static double CopyBytesPerSecond()
    {
        const int size = 256 << 20;
        var source = new byte[size];
        var target = new byte[size];
        Random.Shared.NextBytes(source.AsSpan(0, 4096));
        source.AsSpan().CopyTo(target); // touch pages first
        var best = double.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            source.AsSpan().CopyTo(target);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return size / best;
    }
}
