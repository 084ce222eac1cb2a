namespace RearPlayground.Worker.Eval;

/// <summary>Where the runner is: item (1-based) of items, and which run it is about to start.</summary>
public sealed record EvalProgress(int Item, int Items, string Run, int RunIndex, int Runs);
