using RearPlayground.Worker.Rear;

namespace RearPlayground.Web.Calibration;

/// <summary>A human judgment of two candidates of one run: <see cref="Winner"/> was preferred to <see cref="Loser"/> (candidate indices).</summary>
public readonly record struct PreferencePair(int Winner, int Loser);

/// <summary>One run's stored candidates (ℓ0 / ℓp per token) and the preference pairs judged on them (ties left out).</summary>
public sealed record CalibrationRun(Guid Id, IReadOnlyList<IRankable> Candidates, IReadOnlyList<PreferencePair> Pairs);

/// <summary>λ's search range: wide enough for the authors' default (20) and for "away from the preference" (λ &lt; 0).</summary>
public static class LambdaRange
{
    public const double Low = -10, High = 100, Default = 20;
}
