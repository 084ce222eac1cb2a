namespace RearPlayground.Worker.Contracts;

/// <summary>
/// Bounds on one run's request, bound from configuration section "Rear:Limits" by the host: they keep a
/// shared server's queue moving (one huge run would hold the GPU for everyone).
/// </summary>
public sealed record RunLimits
{
    public const string Section = "Rear:Limits";

    public int MaxN { get; init; } = 64;
    public int MaxM { get; init; } = 64;
    public int MaxTokens { get; init; } = 512;
    /// <summary>Characters, for the question, preference, separator and stop string each.</summary>
    public int MaxTextLength { get; init; } = 4000;
}
