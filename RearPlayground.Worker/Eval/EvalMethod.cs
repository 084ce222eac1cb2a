using RearPlayground.Worker.Search;

namespace RearPlayground.Worker.Eval;

/// <summary>An evaluated method: which run it uses and which of that run's candidates it answers with.</summary>
public sealed record EvalMethod(string Name, EvalRun Run, Func<SearchResult, int> Pick, string Description);
