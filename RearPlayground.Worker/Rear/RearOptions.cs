namespace RearPlayground.Worker.Rear;

/// <summary>
/// The REAR verifier's knobs (../shared/docs/REAR.md): λ (authors' default 20), discount γ, aggregation,
/// and whether a final EOS / end-of-turn token is scored when the candidate ended with it.
/// </summary>
public sealed record RearOptions(double Lambda = 20, double Gamma = 1, Aggregation Aggregation = Aggregation.Mean, bool ScoreEos = true)
{
    /// <summary>
    /// |λ| beyond this changes no ranking (the preference term dominates long before) but can overflow a score:
    /// 1e308 · ℓ is −∞, and −∞ + ∞ is NaN. Far below that, every finite log-prob gives a finite score.
    /// </summary>
    public const double MaxAbsLambda = 1e6;

    public const string LambdaRule = "lambda must be a number between -1000000 and 1000000";
    public const string GammaRule = "gamma must be in (0, 1]";

    public static bool LambdaOk(double lambda) => double.IsFinite(lambda) && Math.Abs(lambda) <= MaxAbsLambda;

    public static bool GammaOk(double gamma) => double.IsFinite(gamma) && gamma > 0 && gamma <= 1;

    public void Validate()
    {
        if (!LambdaOk(Lambda)) throw new ArgumentException(LambdaRule);
        if (!GammaOk(Gamma)) throw new ArgumentException(GammaRule);
    }
}
