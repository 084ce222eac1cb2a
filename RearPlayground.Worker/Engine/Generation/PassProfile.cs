using System.Diagnostics;

namespace RearPlayground.Worker.Engine.Generation;

/// <summary>
/// Where a teacher-forced pass spends its time (the bench prints it): ONNX Runtime's forward calls, the fused
/// log-softmax + gather over the logits, and the KV copies (forks, gathers); the rest of the pass is "other".
/// Spans are added from one thread at a time (the pass's own), so plain fields suffice.
/// </summary>
public sealed class PassProfile
{
    private long _forward, _logProbs, _copies, _total;

    public double ForwardMs => Ms(_forward);
    public double LogProbsMs => Ms(_logProbs);
    public double CopiesMs => Ms(_copies);
    public double TotalMs => Ms(_total);
    public double OtherMs => Math.Max(0, TotalMs - ForwardMs - LogProbsMs - CopiesMs);

    internal static long Now() => Stopwatch.GetTimestamp();

    internal void Forward(long since) => _forward += Stopwatch.GetTimestamp() - since;
    internal void LogProbs(long since) => _logProbs += Stopwatch.GetTimestamp() - since;
    internal void Copies(long since) => _copies += Stopwatch.GetTimestamp() - since;
    internal void Total(long since) => _total += Stopwatch.GetTimestamp() - since;

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
