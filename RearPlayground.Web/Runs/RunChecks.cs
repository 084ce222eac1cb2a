using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Jobs;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Models;

namespace RearPlayground.Web.Runs;

/// <summary>
/// Everything a run request must pass before it is stored, for the HTTP API and the Playground form alike: the
/// request's own rules (<see cref="RunRequest.Validate"/>), a model named from the catalogue (<see cref="ModelNames"/>) and one of its variants,
/// and a prompt and answer that fit the model's positions (<see cref="PromptFit"/>). Keys are the API's field names.
/// </summary>
public sealed class RunChecks(RunLimits limits, ModelNames models, PromptFit fit, ModelPool pool)
{
    public RunLimits Limits => limits;

    /// <summary>Field → messages; empty when the run may be submitted. Tokenizing runs off a page's renderer thread.</summary>
    public async Task<IReadOnlyDictionary<string, string[]>> ValidateAsync(RunRequest request, CancellationToken ct = default)
    {
        var errors = request.Validate(limits).ToDictionary(e => e.Key, e => e.Value);
        // One walk of the catalogue for a known model (its folder is the fit's too); a refusal walks it again to list them.
        var folder = errors.ContainsKey("model") ? null : models.FolderOf(request.Model);
        if (!errors.ContainsKey("model") && folder is null) errors["model"] = [models.Problem(request.Model) ?? "unknown model"];
        // A named variant is checked against the files of a catalogue model only (never a path).
        else if (!errors.ContainsKey("variant") && request.Validate(limits, pool.Locator).TryGetValue("variant", out var variant))
            errors["variant"] = variant;
        // The fit needs a request that is otherwise fine (a question, a known model, maxTokens in range).
        if (errors.Count > 0) return errors;
        try
        {
            // Off a page's renderer (its context); a request of the API is on a pool thread already: no hop for it.
            var misfit = SynchronizationContext.Current is null ? fit.Check(folder!, request) : await Task.Run(() => fit.Check(folder!, request), ct);
            if (misfit is { } m) errors[m.Field] = [m.Message];
        }
        catch (ModelLoadException e)
        {
            errors["model"] = [e.Message];
        }
        return errors;
    }
}
