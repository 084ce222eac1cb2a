using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Models;

namespace RearPlayground.Worker.Jobs;

/// <summary>
/// Whether a run's prompt and answer fit its model, checked at submit as the search checks it at start
/// (<see cref="RearContexts.EnsureFits"/>): both contexts are built by the engine's <see cref="ContextBuilder"/>
/// (tokenizer, chat template, BOS), so the count is the one the job would see. The model comes from the pool on
/// the default device, the copy the catalogue loaded for its facts.
/// </summary>
public sealed class PromptFit(ModelPool pool)
{
    /// <summary>(field, message) of the first misfit, or null when the run fits. Call on a request that validates.</summary>
    /// <exception cref="ModelLoadException">The model cannot be loaded (the message names no server path).</exception>
    public (string Field, string Message)? Check(string modelFolder, RunRequest request)
    {
        using var lease = pool.Rent(modelFolder);
        var model = lease.Model;
        var contexts = ContextBuilder.Build(model, request.Question!, request.Preference, request.Separator, request.SystemPrompt());
        return Misfit(contexts.Without.Length, contexts.With.Length, request.MaxTokens, model.MaxPositions);
    }

    /// <summary>The rule itself, on token counts: the question's context, then the preference's, then the answer's room.</summary>
    public static (string Field, string Message)? Misfit(int withoutTokens, int withTokens, int maxTokens, int maxPositions)
    {
        if (withoutTokens >= maxPositions)
            return ("question", $"the question is {withoutTokens} tokens as the model reads it; the model has {maxPositions} positions in all: shorten it");
        if (withTokens >= maxPositions)
            return ("preference", $"the preference and question are {withTokens} tokens as the model reads them; the model has {maxPositions} positions in all: shorten them");
        var longest = Math.Max(withoutTokens, withTokens);
        if (longest + maxTokens > maxPositions)
            return ("maxTokens", $"the prompt ({longest} tokens) plus maxTokens ({maxTokens}) exceeds the model's {maxPositions} positions: lower maxTokens to {maxPositions - longest} or shorten the prompt");
        return null;
    }
}
