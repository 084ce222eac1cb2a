namespace RearPlayground.Worker.Rear;

/// <summary>
/// The REAR verifier's knobs (../shared/docs/REAR.md): λ (authors' default 20), discount γ, aggregation,
/// and whether a final EOS / end-of-turn token is scored when the candidate ended with it.
/// </summary>
public sealed record RearOptions(double Lambda = 20, double Gamma = 1, Aggregation Aggregation = Aggregation.Mean, bool ScoreEos = true)
{
    public void Validate()
    {
        if (!double.IsFinite(Lambda)) throw new ArgumentException("lambda must be a finite number");
        if (!double.IsFinite(Gamma) || Gamma <= 0 || Gamma > 1) throw new ArgumentException("gamma must be in (0, 1]");
    }
}
