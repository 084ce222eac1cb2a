namespace RearPlayground.Worker.Selection;

/// <summary>The values of <c>CandidateEntity.Baseline</c>: extra candidates stored beside a run's pool, never in it.</summary>
public static class Baselines
{
    /// <summary>One greedy decode of the prompt the sampler used, stored at index N.</summary>
    public const string Greedy = Search.GreedyBaseline.Name;
}
