using RearPlayground.Worker.Engine;

namespace RearPlayground.Worker.Search.Dvts;

/// <summary>
/// The DVTS step rule a request gets when it sets neither a stop string nor tokens per step: the one place the
/// default is decided, for the API, the Playground, the CLI and the eval harness alike. Chat models end a step at
/// a blank line, which they write between paragraphs; a plain language model may never write one (stories260K
/// does not within 128 tokens), which makes the whole answer one step and the tree search a Best-of-N. So plain
/// models step every few tokens, short enough that max tokens spans several steps.
/// </summary>
public static class DefaultStepRule
{
    /// <summary>The stop string of chat models, and of any request that sets tokens per step but no stop string.</summary>
    public const string Stop = "\n\n";

    /// <summary>Plain models: at most this many tokens a step…</summary>
    public const int MaxStepTokens = 16;

    /// <summary>…and short enough for at least this many steps within max tokens.</summary>
    public const int MinSteps = 4;

    /// <summary>The default in words, for help texts.</summary>
    public const string Help = "chat models end a step at a blank line (\\n\\n), plain language models every 16 tokens (fewer when max tokens would not span 4 steps)";

    /// <summary>Whether the request left the step rule to the model.</summary>
    public static bool IsDefault(int? stepTokens, string? stop) => stepTokens is null && stop is null;

    /// <summary>Tokens per step for a plain model: 16, or fewer when max tokens would not span four steps.</summary>
    public static int TokensFor(int maxTokens) => Math.Clamp((maxTokens + MinSteps - 1) / MinSteps, 1, MaxStepTokens);

    /// <summary>
    /// The rule that runs. What a request sets is kept; a stop string left out is <see cref="Stop"/>; with neither set,
    /// chat models stop at <see cref="Stop"/> and plain models step every <see cref="TokensFor"/> tokens.
    /// </summary>
    public static (int? StepTokens, string Stop) Resolve(bool chatModel, int maxTokens, int? stepTokens, string? stop) =>
        IsDefault(stepTokens, stop) && !chatModel ? (TokensFor(maxTokens), Stop) : (stepTokens, stop ?? Stop);

    /// <summary>The request with its step rule resolved for <paramref name="model"/>; other methods have no steps and pass unchanged.</summary>
    public static SearchRequest Resolve(LanguageModel model, SearchRequest request)
    {
        if (request.Method != "dvts") return request;
        var (stepTokens, stop) = Resolve(model.IsChatModel, request.MaxTokens, request.StepTokens, request.Stop);
        return request with { StepTokens = stepTokens, Stop = stop };
    }

    /// <summary>A resolved rule in words, e.g. <c>16 tokens</c> or <c>stop at "\n\n"</c> (escapes shown).</summary>
    public static string Describe(int? stepTokens, string? stop)
    {
        if (IsDefault(stepTokens, stop)) return "chosen per model";
        var shown = SingleStepWarning.Escape(stop ?? Stop);
        return stepTokens is { } k ? $"{k} tokens" + (shown.Length > 0 ? $" or \"{shown}\"" : "") : $"stop at \"{shown}\"";
    }
}
