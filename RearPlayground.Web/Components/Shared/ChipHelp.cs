namespace RearPlayground.Web.Components.Shared;

/// <summary>What the small chips on candidate cards mean, for their tooltips (the chips are too short to say it).</summary>
public static class ChipHelp
{
    public const string PickedByRun = "The candidate this run chose, by its own scorer and settings; it stays marked whatever λ you pick here.";

    public static string BestAt(string lambda) =>
        $"Ranks first by S_REAR at λ = {lambda} with the γ and aggregation chosen above; moves as you move λ.";

    public const string RankLambda0 = "Place by plain likelihood: λ = 0 scores the response without the preference (same γ and aggregation).";
    public const string RankLambda1 = "Place by the likelihood with the preference in the context: λ = 1 (same γ and aggregation).";

    public static string Random(long seed) =>
        $"Place in the run's seeded random order (seed {seed}): the random-pick baseline; place 1 is the pick a random choice would make.";

    public const string GenRm = "Place by GenRM: the run's model judges each candidate (log P(Yes) − log P(No)). — until computed.";

    public const string Reward = "r_t = (1 − λ)·ℓ0_t + λ·ℓp_t: each token's reward at the chosen λ, where ℓ0 is its log-prob without the " +
        "preference and ℓp with it. S_REAR aggregates these over the tokens.";

    public const string Difference = "ℓp − ℓ0: how much more likely the preference makes each token (positive: the preference favours it), whatever λ.";

    /// <summary>A response's finish reason as the events name it (eos, length, stop) or "empty".</summary>
    public static string Finish(string reason) => reason switch
    {
        "eos" => "The model ended the response itself (its end-of-sequence token).",
        "length" => "Cut at the max-tokens limit: the model had not finished.",
        "stop" => "Ended at the stop string.",
        "empty" => "No tokens at all: an empty response scores −∞ and ranks last.",
        _ => $"Finish reason: {reason}.",
    };
}
