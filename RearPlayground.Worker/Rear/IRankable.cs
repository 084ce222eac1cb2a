namespace RearPlayground.Worker.Rear;

/// <summary>What the <see cref="Ranker"/> reads of a candidate: its index (ties go to the lower) and ℓ0 / ℓp per token.</summary>
public interface IRankable
{
    int Index { get; }
    float[] LogProbsWithout { get; }
    float[] LogProbsWith { get; }
    /// <summary>The last token is EOS / end-of-turn (dropped from the score when ScoreEos is off).</summary>
    bool EndedWithEos { get; }
}
