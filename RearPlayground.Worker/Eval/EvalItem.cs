namespace RearPlayground.Worker.Eval;

/// <summary>
/// One dataset line: the prompt, the preference the answer should follow, and the checks that decide
/// whether it did. <see cref="Line"/> is 1-based so reports point back into the file.
/// </summary>
/// <param name="MustMention">At least one of these must appear in the answer (see <see cref="EvalChecks"/>); null = no check.</param>
/// <param name="MaxWords">The answer may have at most this many words; null = no check.</param>
public sealed record EvalItem(int Line, string Question, string Preference, IReadOnlyList<string>? MustMention, int? MaxWords, string? Id = null)
{
    public bool HasChecks => MustMention is not null || MaxWords is not null;
}
