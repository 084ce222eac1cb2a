namespace RearPlayground.Worker.Bench;

/// <summary>One model's measured figures (milliseconds unless named otherwise); ratios come from the same run.</summary>
public sealed record BenchFigures(
    string Model,
    string Device,
    long WeightBytes,
    double BareDecodeB1MsPerStep,
    double BareDecodeB16MsPerStep,
    double BareForcedMs,
    double BareBonMs,
    double EngineBonMs,
    double SamplingOnlyMs,
    double BatchedMs,
    double SequentialMs,
    double CachedMs,
    double RecomputeMs,
    double CopyBytesPerSecond)
{
    public double EngineOverhead => EngineBonMs / BareBonMs;
    public double RearScoringCost => EngineBonMs / SamplingOnlyMs;
    public double BatchingSpeedup => SequentialMs / BatchedMs;
    public double KvCacheSpeedup => RecomputeMs / CachedMs;
    public double WeightBytesPerSecond => WeightBytes / (BareDecodeB1MsPerStep / 1000);
    public double BandwidthFraction => WeightBytesPerSecond / CopyBytesPerSecond;
}
