namespace RearPlayground.Worker.Search.Dvts;

/// <summary>
/// When a DVTS step ends: at EOS, at the stop string (kept in the text), after <see cref="StepTokens"/>
/// tokens, or at the row's token budget. The last iteration drops the stop string and the step length.
/// </summary>
public sealed record StepRules(IReadOnlySet<int> EosIds, string? Stop, int? StepTokens)
{
    public StepRules ForLastIteration() => this with { Stop = null, StepTokens = null };
}
