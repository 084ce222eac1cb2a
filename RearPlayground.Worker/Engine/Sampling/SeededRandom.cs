namespace RearPlayground.Worker.Engine.Sampling;

/// <summary>
/// SplitMix64: a tiny generator whose sequence is fixed by its seed on every platform and .NET version,
/// so a stored run's seed reproduces its tokens. One stream per candidate, derived from the run seed.
/// </summary>
public sealed class SeededRandom(ulong seed)
{
    private ulong _state = seed;

    /// <summary>The stream of candidate <paramref name="index"/> of a run with <paramref name="runSeed"/>.</summary>
    public static SeededRandom ForCandidate(long runSeed, int index) =>
        new(Mix((ulong)runSeed ^ Mix((ulong)index + 0x9E3779B97F4A7C15UL)));

    public ulong NextUInt64() => Mix(_state += 0x9E3779B97F4A7C15UL);

    /// <summary>Uniform in [0, 1) with 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
