namespace RearPlayground.Worker.Eval;

/// <summary>One search to run per item: several methods may pick from the same run.</summary>
/// <param name="SampleWithPreference">false: decode from the context without the preference.</param>
public sealed record EvalRun(string Name, string Method, string Scorer, bool SampleWithPreference = true);
