namespace RearPlayground.Worker.Eval;

/// <summary>The outcome of an item's checks on one answer; a check the item does not have counts as passed.</summary>
public sealed record EvalCheckResult(bool Pass, bool? Mentioned, string? MentionedWord, bool? WithinWords, int Words);
