using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Generation;

namespace RearPlayground.Worker.Rear;

/// <summary>ℓ0 and ℓp of given responses, each context teacher-forced once for all responses.</summary>
public static class ResponseScorer
{
    public static (float[][] Without, float[][] With) Score(LanguageModel model, RearContexts contexts,
        IReadOnlyList<int[]> responses, CancellationToken cancellationToken = default)
    {
        var longest = responses.Count == 0 ? 0 : responses.Max(r => r.Length);
        contexts.EnsureFits(model.MaxPositions, longest);
        var without = TeacherForcer.Score(model, contexts.Without, responses, cancellationToken);
        var with = contexts.Identical ? without : TeacherForcer.Score(model, contexts.With, responses, cancellationToken);
        return (without, with);
    }
}
