namespace RearPlayground.Worker.Bench;

/// <summary>
/// One model's measured figures (milliseconds unless named otherwise); ratios come from the same run.
/// <see cref="WeightBytes"/> counts what a decode step reads: the ONNX file less the embedding table,
/// of which a step gathers one row.
/// </summary>
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
    double CopyBytesPerSecond,
    double Bon128Ms,
    double Dvts128Ms)
{
    /// <summary>The teacher-forced pass inside Best-of-N, broken down (medians).</summary>
    public ScoringBreakdown? Scoring { get; init; }
    /// <summary>What REAR adds to sampling: Best-of-N's time less sampling only's.</summary>
    public double ScoringMs => EngineBonMs - SamplingOnlyMs;
    public double EngineOverhead => EngineBonMs / BareBonMs;
    /// <summary>DVTS (N=16, M=4) over Best-of-N (N=16), both 128 tokens on the same model.</summary>
    public double DvtsOverBon => Dvts128Ms / Bon128Ms;
    /// <summary>Best-of-N ÷ sampling only, paired within each repeat (the median of the repeats' ratios) where measured so.</summary>
    public double? PairedRearCost { get; init; }
    public double RearScoringCost => PairedRearCost ?? EngineBonMs / SamplingOnlyMs;
    public double BatchingSpeedup => SequentialMs / BatchedMs;
    public double KvCacheSpeedup => RecomputeMs / CachedMs;
    /// <summary>What the bare loop's batching reaches: 16 batch-1 steps against one batch-16 step.</summary>
    public double BareBatchingSpeedup => 16 * BareDecodeB1MsPerStep / BareDecodeB16MsPerStep;
    public double WeightBytesPerSecond => WeightBytes / (BareDecodeB1MsPerStep / 1000);
    public double BandwidthFraction => WeightBytesPerSecond / CopyBytesPerSecond;
}
